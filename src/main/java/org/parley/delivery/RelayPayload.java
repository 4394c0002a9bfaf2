package org.parley.delivery;

import org.parley.archive.PostId;
import org.parley.jobs.PermanentJobFailure;

/**
 * The payload of a {@link RelayJob}: one batch of a post's copies, the {@code outbound} rows of
 * {@code post} with ids from {@code firstOutboundId} to {@code lastOutboundId}. The jobs table
 * keeps it as {@code <post>:<first>:<last>}, as every earlier version wrote it.
 */
public record RelayPayload(PostId post, long firstOutboundId, long lastOutboundId) {
  /** The payload as the jobs table keeps it. */
  public String encode() {
    return post.value() + ":" + firstOutboundId + ":" + lastOutboundId;
  }

  /**
   * Reads a payload as {@link #encode} writes it.
   *
   * @throws PermanentJobFailure for anything else: running such a job again cannot help
   */
  public static RelayPayload parse(String payload) throws PermanentJobFailure {
    String[] parts = payload.split(":", -1);
    if (parts.length == 3) {
      try {
        return new RelayPayload(
            new PostId(Long.parseLong(parts[0])),
            Long.parseLong(parts[1]),
            Long.parseLong(parts[2]));
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw new PermanentJobFailure("a relay job's payload is post:first:last, not " + payload);
  }
}
