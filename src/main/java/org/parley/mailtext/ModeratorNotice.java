package org.parley.mailtext;

import java.util.List;

/**
 * The notice to a group's owners and managers that messages wait for them in its moderation queue,
 * sent at most once an hour per group: each waiting message with its sender, subject and why it was
 * held, and the address a reply to which approves or rejects it.
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param queueUrl the queue's page, {@code /g/<group>/pending} on the site
 * @param waiting the messages that wait, oldest first
 * @param days how many days a message waits before it is dropped unread (the group's held days)
 */
public record ModeratorNotice(
    String groupTitle, String groupAddress, String queueUrl, List<Waiting> waiting, int days)
    implements MailText {
  /**
   * One waiting message.
   *
   * @param from its sender's address
   * @param subject its subject, "(no subject)" when it has none
   * @param reasons why it was held, one sentence each
   * @param replyTo the address whose reply decides it ({@code <group>-confirm+<token>@})
   * @param isNew whether this notice is the first to list it
   */
  public record Waiting(
      String from, String subject, List<String> reasons, String replyTo, boolean isNew) {
    public Waiting {
      reasons = List.copyOf(reasons);
    }
  }

  public ModeratorNotice {
    waiting = List.copyOf(waiting);
  }

  @Override
  public String template() {
    return "mail/moderator-notice.jte";
  }
}
