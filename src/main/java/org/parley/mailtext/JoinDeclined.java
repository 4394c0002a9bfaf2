package org.parley.mailtext;

/**
 * The answer to someone whose request to join a group was declined, with the reason the owner or
 * manager gave.
 *
 * @param groupTitle the group's title
 * @param reason the reason, as written; may be empty
 * @param ownerAddress where a reply reaches the people who run the group
 */
public record JoinDeclined(String groupTitle, String reason, String ownerAddress)
    implements MailText {
  /** Whether a reason was given. */
  public boolean hasReason() {
    return !reason.isBlank();
  }

  /** The reason with each of its lines indented as the template quotes it. */
  public String quotedReason() {
    return reason.strip().replace("\r\n", "\n").replace("\n", "\n  ");
  }

  @Override
  public String template() {
    return "mail/join-declined.jte";
  }
}
