package org.parley.mailtext;

/**
 * The notice to a group's owners and managers that someone asks to join: who, their reason, and how
 * to decide (by a reply, or on the requests page).
 *
 * @param groupTitle the group's title
 * @param who the asker's name and address
 * @param reason what the asker wrote; may be empty
 * @param requestsUrl the group's requests page, whole
 * @param days how many days a reply decides the request
 */
public record JoinRequestNotice(
    String groupTitle, String who, String reason, String requestsUrl, long days)
    implements MailText {
  /** The reason with each of its lines indented as the template quotes it; a dash when none. */
  public String quotedReason() {
    String r = reason.strip();
    return r.isEmpty() ? "(no reason given)" : r.replace("\r\n", "\n").replace("\n", "\n  ");
  }

  @Override
  public String template() {
    return "mail/join-request.jte";
  }
}
