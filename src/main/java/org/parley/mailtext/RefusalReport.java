package org.parley.mailtext;

import java.util.List;

/**
 * The notice to a post's author and its group's owners that the relay refused members' copies of
 * the post for good (RFC 5321 §4.2.1, a 5yz reply). It names no member.
 *
 * @param groupAddress the group's posting address
 * @param subject the post's subject, "(no subject)" when it has none
 * @param messageId the post's Message-ID in angle brackets
 * @param refused how many members' copies were refused
 * @param replies the relay's replies, most frequent first, addresses in them masked; the notice
 *     lists the first {@link #MAX_REPLIES}
 */
public record RefusalReport(
    String groupAddress, String subject, String messageId, int refused, List<Reply> replies)
    implements MailText {
  /** The most replies a notice lists. */
  public static final int MAX_REPLIES = 5;

  /**
   * One reply of the relay and how many copies got it.
   *
   * @param text the reply, such as {@code 552 5.3.4 Message too big}
   * @param count how many copies it refused
   */
  public record Reply(String text, int count) {}

  public RefusalReport {
    replies = List.copyOf(replies);
  }

  /** The replies the notice lists: the {@link #MAX_REPLIES} most frequent. */
  public List<Reply> shown() {
    return replies.subList(0, Math.min(MAX_REPLIES, replies.size()));
  }

  /** Whether any reply says the copy was too large (552), which the notice explains. */
  public boolean tooLarge() {
    return replies.stream().anyMatch(r -> r.text().startsWith("552"));
  }

  @Override
  public String template() {
    return "mail/refusal-notice.jte";
  }
}
