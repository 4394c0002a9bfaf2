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
 */
public record Origin(String fromAddress, String fromName, Instant date, MessageId messageId) {
  public Origin {
    fromAddress = fromAddress == null ? "" : fromAddress;
    fromName = fromName == null ? "" : fromName;
  }

  public static Origin of(Post post) {
    return new Origin(post.fromAddress(), post.fromName(), post.receivedAt(), post.messageId());
  }
}
