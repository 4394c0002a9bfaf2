package org.parley.delivery;

import org.parley.archive.PostId;
import org.parley.jobs.PermanentJobFailure;

/**
 * The payload of a {@link RefusalNotice} job: the post whose copies the relay refused for good. The
 * jobs table keeps it as the post's id in decimal, as every earlier version wrote it.
 */
public record RefusalNoticePayload(PostId post) {
  /** The payload as the jobs table keeps it. */
  public String encode() {
    return Long.toString(post.value());
  }

  /**
   * Reads a payload as {@link #encode} writes it.
   *
   * @throws PermanentJobFailure for anything else: running such a job again cannot help
   */
  public static RefusalNoticePayload parse(String payload) throws PermanentJobFailure {
    try {
      return new RefusalNoticePayload(new PostId(Long.parseLong(payload)));
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure("a refusal notice's payload is a post id, not " + payload);
    }
  }
}
