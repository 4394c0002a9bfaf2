package org.parley.bounce;

import java.time.Duration;

/**
 * How bounces are counted and what they lead to: Mailman 3's defaults, each a site setting
 * (docs/bounces.md). A lasting failure raises a member's bounce score by one, at most once a day; a
 * passing one counts only when it repeats on another day; at {@code threshold} a probe is sent, and
 * if the probe bounces too the member's delivery is disabled, with a notice and then {@code
 * warnings} warnings in all, {@code warningInterval} apart, after the last of which the membership
 * is removed.
 *
 * @param threshold the score at which a probe is sent ({@code bounce_score_threshold}, 5)
 * @param staleAfter how long without a counted bounce before the score starts again from nought
 *     ({@code bounce_info_stale_after_days}, 7 days)
 * @param probeWait how long a probe may go without bouncing before the score is forgotten ({@code
 *     bounce_probe_wait_days}, 3 days)
 * @param warnings how many notices a member disabled by bounces gets, the first when delivery is
 *     disabled, before the membership is removed ({@code bounce_disabled_warnings}, 3; 0 removes
 *     nobody)
 * @param warningInterval the time between two of those notices, and from the last one to the
 *     removal ({@code bounce_disabled_warnings_interval_days}, 7 days)
 */
public record BouncePolicy(
    int threshold,
    Duration staleAfter,
    Duration probeWait,
    int warnings,
    Duration warningInterval) {

  /** Mailman 3's defaults. */
  public static final BouncePolicy DEFAULTS =
      new BouncePolicy(5, Duration.ofDays(7), Duration.ofDays(3), 3, Duration.ofDays(7));

  /** Checks the values; the settings name the key of one out of range before this. */
  public BouncePolicy {
    if (threshold < 1) {
      throw new IllegalArgumentException("the bounce score threshold must be at least 1");
    }
    if (staleAfter.compareTo(Duration.ofDays(1)) < 0
        || probeWait.compareTo(Duration.ofDays(1)) < 0
        || warningInterval.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("bounce periods must be a day or longer");
    }
    if (warnings < 0) {
      throw new IllegalArgumentException("the number of warnings cannot be negative");
    }
  }
}
