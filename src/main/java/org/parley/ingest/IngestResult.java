package org.parley.ingest;

import org.parley.archive.PostId;
import org.parley.archive.TopicId;

/** What became of a submission; the edge turns it into its protocol's answer. */
public sealed interface IngestResult {
  /**
   * Archived and committed.
   *
   * @param duplicate true when the same message (same Message-ID, same bytes) was already there and
   *     nothing changed
   */
  record Accepted(PostId post, TopicId topic, boolean duplicate) implements IngestResult {}

  /**
   * Refused, with the SMTP reply code, its RFC 3463 enhanced status and a sentence for a person.
   * The web answers 422 (or 413 for size) with the same sentence.
   */
  record Refused(int code, String status, String reason, String rule) implements IngestResult {}

  /**
   * Held by the group's chain for a moderator, and kept ({@link
   * org.parley.moderation.HeldMessages}): the sender is told it was taken (SMTP 250), the web that
   * the post waits for a moderator.
   *
   * @param id the held message ({@code parley held approve <id>})
   */
  record Held(long id) implements IngestResult {}

  /** Dropped on purpose (a mail loop, say): the sender is told it was accepted. */
  record Discarded(String rule, String reason) implements IngestResult {}

  /**
   * Nothing was committed and the sender should try again (SMTP 451, the web 503): the store
   * failed, the message could not be processed and is not yet held ({@link Quarantine}), or the
   * spam filter in front could not look at it.
   *
   * @param status the RFC 3463 enhanced status of the SMTP answer: {@code 4.3.0} (a system
   *     failure), or {@code 4.7.1} when the spam filter could not be reached
   */
  record Failed(String reason, String status) implements IngestResult {
    /** A failure of the system ({@code 4.3.0}). */
    public Failed(String reason) {
      this(reason, "4.3.0");
    }
  }

  /**
   * Nothing was committed because the disk has no room: posting is paused ({@link FreeSpace}), or
   * the store refused the commit for lack of space. The sender should try again later: SMTP and
   * LMTP answer {@code 452 4.3.1} (RFC 3463: insufficient system storage), the web 503 with the
   * text kept.
   *
   * @param reason a sentence for the person (the web shows it beside the kept text)
   * @param paused whether posting is paused, rather than this one message too large for the room
   *     left (the SMTP reply says which)
   */
  record NoRoom(String reason, boolean paused) implements IngestResult {}

  /**
   * Could not be processed, time after time, and is now held in the {@link Quarantine} for the
   * operators: it is on disk, so the sender is told it was taken (SMTP 250) and stops retrying.
   *
   * @param entry the quarantine entry ({@code parley quarantine show <entry>})
   */
  record Quarantined(long entry) implements IngestResult {}
}
