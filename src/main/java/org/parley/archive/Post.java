package org.parley.archive;

import java.time.Instant;
import org.parley.account.AccountId;

/**
 * One archived message, as listed and rendered. Everything here but the ids is derived from the raw
 * message (the record, in the blob store under {@code rawSha256}) and rebuilt by reindexing.
 *
 * @param seq the post's place in its topic, from 1, in order of arrival
 * @param sentAt the Date header, or null when it had none that parsed
 * @param bodyHtml sanitised HTML, or null for a plain-text message
 * @param source where it came from: {@code smtp}, {@code web}, {@code api}, {@code import}
 */
public record Post(
    PostId id,
    long groupId,
    TopicId topicId,
    int seq,
    MessageId messageId,
    String rawSha256,
    long rawSize,
    Long parentId,
    String inReplyTo,
    String fromAddress,
    String fromName,
    AccountId accountId,
    String subject,
    Instant sentAt,
    Instant receivedAt,
    String toLine,
    String ccLine,
    String snippet,
    String bodyText,
    String bodyHtml,
    String defects,
    String source) {

  /** When to show the post as sent: its Date header, or when it arrived if that is missing. */
  public Instant shownAt() {
    return sentAt != null ? sentAt : receivedAt;
  }

  /** The author's name, or the address when the message gave none. */
  public String authorName() {
    return fromName == null || fromName.isBlank() ? fromAddress : fromName;
  }
}
