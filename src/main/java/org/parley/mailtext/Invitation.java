package org.parley.mailtext;

/**
 * The mail inviting someone to a group: who invites them, what the group is, and the one-time link
 * that joins it.
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param description the group's description (may be empty)
 * @param inviter the name (or address) of the one who invites
 * @param note what the inviter wrote (may be empty)
 * @param link the absolute, single-use link to the invitation's page
 * @param days how many days the link works
 */
public record Invitation(
    String groupTitle,
    String groupAddress,
    String description,
    String inviter,
    String note,
    String link,
    long days)
    implements MailText {
  /** Null texts become empty. */
  public Invitation {
    description = description == null ? "" : description.strip();
    note = note == null ? "" : note.strip();
  }

  /** The note with each of its lines indented as the template quotes it. */
  public String quotedNote() {
    return note.replace("\r\n", "\n").replace("\n", "\n  ");
  }

  @Override
  public String template() {
    return "mail/invitation.jte";
  }
}
