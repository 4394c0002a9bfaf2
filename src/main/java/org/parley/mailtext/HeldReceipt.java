package org.parley.mailtext;

/**
 * The notice to the sender of a message a group held for its moderators that it arrived and waits
 * for one: sent once, and at most once a day per sender and group.
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param subject the message's subject, "(no subject)" when it has none
 * @param days how many days it waits before it is dropped unread
 * @param ownerAddress where a reply reaches the people who run the group
 */
public record HeldReceipt(
    String groupTitle, String groupAddress, String subject, int days, String ownerAddress)
    implements MailText {
  @Override
  public String template() {
    return "mail/held-receipt.jte";
  }
}
