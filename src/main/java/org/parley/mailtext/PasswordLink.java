package org.parley.mailtext;

/**
 * The mail sent when someone signs up with an address that already has an account: a one-time link
 * to choose a new password (so the sign-up page never reveals who has an account).
 *
 * @param site the site's public URL, as the reader knows it
 * @param link the one-time link, absolute
 */
public record PasswordLink(String site, String link) implements MailText {
  @Override
  public String template() {
    return "mail/password-link.jte";
  }
}
