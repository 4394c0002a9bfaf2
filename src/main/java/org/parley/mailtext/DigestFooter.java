package org.parley.mailtext;

/**
 * The last part of a MIME digest, and the end of an abridged summary: where the member changes how
 * they get the group's mail, where the group is, and how to leave it in one click.
 *
 * @param groupTitle the group's title
 * @param settingsUrl the absolute link to the member's own settings for the group
 * @param groupUrl the absolute link to the group's pages
 * @param unsubscribeUrl the absolute one-click link that ends the membership
 */
public record DigestFooter(
    String groupTitle, String settingsUrl, String groupUrl, String unsubscribeUrl)
    implements MailText {
  @Override
  public String template() {
    return "mail/digest-footer.jte";
  }
}
