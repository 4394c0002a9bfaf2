package org.parley.mailtext;

/**
 * The notice to the sender of a message held for a moderator that a moderator rejected: what was
 * not posted, and the moderator's reason.
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param subject the message's subject, "(no subject)" when it has none
 * @param reason the moderator's reason, as they wrote it
 * @param ownerAddress where a reply reaches the people who run the group
 */
public record Rejection(
    String groupTitle, String groupAddress, String subject, String reason, String ownerAddress)
    implements MailText {
  /** The reason with each of its lines indented as the template quotes it. */
  public String quotedReason() {
    return reason.strip().replace("\r\n", "\n").replace("\n", "\n  ");
  }

  @Override
  public String template() {
    return "mail/rejection-notice.jte";
  }
}
