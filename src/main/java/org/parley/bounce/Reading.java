package org.parley.bounce;

import java.util.List;

/** What {@link BounceReader} made of a message that reached a bounce or feedback address. */
public sealed interface Reading {

  /**
   * A delivery report with at least one failed recipient.
   *
   * @param format which of the formats in {@link BounceReader} it was read as, such as {@code
   *     rfc3464} or {@code qmail}, for the log and the tests
   */
  record Bounced(List<Failure> failures, String format) implements Reading {
    public Bounced {
      failures = List.copyOf(failures);
      if (failures.isEmpty()) {
        throw new IllegalArgumentException("a bounce names at least one failure");
      }
    }
  }

  /** An automatic reply (a vacation notice, an out-of-office): never counted as a bounce. */
  record AutoReply(String sign) implements Reading {}

  /** An abuse feedback report (RFC 5965). */
  record Feedback(FeedbackReport report) implements Reading {}

  /**
   * Anything else: a delay warning, a report of success, a reply a person wrote, or mail that
   * cannot be read; nothing is done with it but a line in the log.
   */
  record Other(String why) implements Reading {}
}
