package org.parley.delivery.decorations;

import java.time.Instant;
import org.parley.archive.MessageId;
import org.parley.archive.Post;

/**
 * What the archive recorded of a post, for the fields its raw message lacks.
 *
 * @param fromAddress the author's address, blank when there was none (the field is then left out)
 * @param fromName the author's name, blank when there was none
 * @param date when the post arrived
 * @param topicId the post's topic, for the footer's "mute this topic" link; 0 when it has none yet
 *     (a held message), and then the footer has no such link
 */
public record Origin(
    String fromAddress, String fromName, Instant date, MessageId messageId, long topicId) {
  public Origin {
    fromAddress = fromAddress == null ? "" : fromAddress;
    fromName = fromName == null ? "" : fromName;
  }

  /** What is known of a message that is not (yet) a post of a topic. */
  public Origin(String fromAddress, String fromName, Instant date, MessageId messageId) {
    this(fromAddress, fromName, date, messageId, 0);
  }

  public static Origin of(Post post) {
    return new Origin(
        post.fromAddress(),
        post.fromName(),
        post.receivedAt(),
        post.messageId(),
        post.topicId().value());
  }
}
