package org.parley.mailtext;

/**
 * The mail that brings a member a fresh link to their own settings for a group, asked for from the
 * page of a link that had expired.
 *
 * @param site the site's public URL, as the reader knows it
 * @param groupTitle the group's title
 * @param address the group's posting address
 * @param link the signed link to the member's settings page, absolute
 * @param days how many days the link works
 */
public record SettingsLink(String site, String groupTitle, String address, String link, long days)
    implements MailText {
  @Override
  public String template() {
    return "mail/settings-link.jte";
  }
}
