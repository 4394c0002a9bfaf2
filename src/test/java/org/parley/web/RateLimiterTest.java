package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parley.testkit.TestClock;

/**
 * The limits on sign-up mail and private mail (RELIABILITY E, F6): a sliding window per key, and a
 * bounded number of keys however many addresses visitors type.
 */
class RateLimiterTest {
  final TestClock clock = new TestClock(Instant.parse("2026-12-05T12:00:00Z"));

  @Test
  void aKeyGetsItsEventsPerWindowAndMoreAsTheWindowSlides() {
    RateLimiter limiter = new RateLimiter(clock, 3, Duration.ofHours(1));
    assertThat(limiter.tryAcquire("ada")).isTrue();
    clock.advance(Duration.ofMinutes(30));
    assertThat(limiter.tryAcquire("ada")).isTrue();
    assertThat(limiter.tryAcquire("ada")).isTrue();
    assertThat(limiter.tryAcquire("ada")).isFalse();
    assertThat(limiter.exhausted("ada")).isTrue();
    assertThat(limiter.exhausted("grace")).isFalse();
    assertThat(limiter.tryAcquire("grace")).isTrue();
    // the first event leaves the window: one more is allowed, not three
    clock.advance(Duration.ofMinutes(31));
    assertThat(limiter.exhausted("ada")).isFalse();
    assertThat(limiter.tryAcquire("ada")).isTrue();
    assertThat(limiter.tryAcquire("ada")).isFalse();
    limiter.record("grace");
    limiter.record("grace");
    assertThat(limiter.exhausted("grace")).isTrue();
  }

  /**
   * Before, past 100,000 keys every call scanned all of them and kept them (a key was dropped only
   * once empty, and nothing emptied it): addresses typed into the sign-up form grew the map and the
   * cost of each call without end.
   */
  @Test
  void aFloodOfNewKeysStaysBoundedAndKeepsTheKeyThatIsUsedMost() {
    RateLimiter limiter = new RateLimiter(clock, 5, Duration.ofHours(1));
    for (int i = 0; i < 250_000; i++) {
      limiter.tryAcquire("made-up-" + i + "@example.com");
      limiter.tryAcquire("flooder");
    }
    assertThat(limiter.keys()).isLessThanOrEqualTo(RateLimiter.MAX_KEYS);
    assertThat(limiter.tryAcquire("flooder")).isFalse();
    clock.advance(Duration.ofMinutes(61));
    assertThat(limiter.tryAcquire("flooder")).isTrue();
  }
}
