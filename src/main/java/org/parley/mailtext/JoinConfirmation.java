package org.parley.mailtext;

/**
 * The mail that asks someone who wrote to a group's join or leave address to confirm it: by a reply
 * to its own address, or by opening its link. Nothing happens unless they do, so a stranger who
 * gives another's address joins or removes nobody.
 *
 * @param joining whether it confirms joining; otherwise leaving
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param address the address it confirms, the one it is sent to
 * @param link the page that confirms it, with its token
 * @param days how many days the reply and the link work
 */
public record JoinConfirmation(
    boolean joining, String groupTitle, String groupAddress, String address, String link, long days)
    implements MailText {
  /** "join" or "leave", as the text says it. */
  public String verb() {
    return joining ? "join" : "leave";
  }

  @Override
  public String template() {
    return "mail/join-confirmation.jte";
  }
}
