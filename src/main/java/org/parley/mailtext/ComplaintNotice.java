package org.parley.mailtext;

import java.util.List;

/**
 * The daily notice to a group's owners of the complaints (RFC 5965 abuse reports) received since
 * the last one, each of which stopped one member's deliveries.
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param lines one line per complaint, oldest first
 * @param membersUrl the absolute link to the group's members page
 */
public record ComplaintNotice(
    String groupTitle, String groupAddress, List<Line> lines, String membersUrl)
    implements MailText {

  /**
   * One complaint.
   *
   * @param address the member's address
   * @param feedbackType the report's Feedback-Type, such as {@code abuse}
   * @param at when it was received (UTC), such as {@code 2026-12-05 09:30}
   */
  public record Line(String address, String feedbackType, String at) {}

  public ComplaintNotice {
    lines = List.copyOf(lines);
  }

  @Override
  public String template() {
    return "mail/complaint-notice.jte";
  }
}
