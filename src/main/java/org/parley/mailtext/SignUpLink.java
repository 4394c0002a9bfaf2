package org.parley.mailtext;

/**
 * The mail that proves an address before it gets an account: a one-time link to choose a password.
 *
 * @param site the site's public URL, as the reader knows it
 * @param link the one-time link, absolute
 */
public record SignUpLink(String site, String link) implements MailText {
  @Override
  public String template() {
    return "mail/sign-up-link.jte";
  }
}
