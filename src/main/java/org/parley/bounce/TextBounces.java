package org.parley.bounce;

import java.util.ArrayList;
import java.util.List;

/** What the rules for plain-text bounces share: turning the sentences they found into a reading. */
final class TextBounces {
  private TextBounces() {}

  /**
   * A bounce of format {@code format} with one failure per block, each with the remote server's
   * words ({@link FailureKinds#remoteWords}); {@link Reading.Other} when the bounce names no
   * address.
   */
  static Reading reading(String format, List<AngleBlocks.Block> blocks, Failure.Kind whenUnsure) {
    List<Failure> failures = new ArrayList<>();
    for (AngleBlocks.Block b : blocks) {
      failures.add(
          FailureKinds.failure(
              b.address(), "", FailureKinds.remoteWords(b.sentence()), whenUnsure));
    }
    return failures.isEmpty() ? nothingFailed(format) : new Reading.Bounced(failures, format);
  }

  /** What a report of this format that names no failed address is. */
  static Reading nothingFailed(String format) {
    return new Reading.Other("a " + format + " report that names no failed address");
  }
}
