package org.parley.mailtext;

/**
 * The mail to a new member: that they are a member now (added directly by one who runs the group,
 * or by their invitation), the group's welcome text, where it is, and how to leave.
 *
 * @param added whether one who runs the group added them without asking
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param groupUrl the absolute link to the group's pages
 * @param welcome the group's welcome text (may be empty)
 * @param note what the one who added them wrote (may be empty)
 * @param leaveUrl the absolute one-click link that ends the membership
 * @param ownerAddress where a reply reaches the people who run the group
 */
public record Welcome(
    boolean added,
    String groupTitle,
    String groupAddress,
    String groupUrl,
    String welcome,
    String note,
    String leaveUrl,
    String ownerAddress)
    implements MailText {
  /** Null texts become empty. */
  public Welcome {
    welcome = welcome == null ? "" : welcome.strip();
    note = note == null ? "" : note.strip();
  }

  /** The note with each of its lines indented as the template quotes it. */
  public String quotedNote() {
    return note.replace("\r\n", "\n").replace("\n", "\n  ");
  }

  @Override
  public String template() {
    return "mail/welcome.jte";
  }
}
