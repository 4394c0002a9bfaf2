package org.parley.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parley.testkit.TestClock;

/**
 * RELIABILITY F6: growing waits, per client, and never a lockout of a client that has not failed.
 */
class SignInThrottleTest {
  final TestClock clock = new TestClock(Instant.parse("2025-11-30T12:00:00Z"));
  final SignInThrottle throttle = new SignInThrottle(clock);

  @Test
  void f6WaitsDoubleFromOneSecondUpToFifteenMinutes() {
    assertThat(SignInThrottle.delay(2, 3)).isZero();
    assertThat(SignInThrottle.delay(3, 3)).isEqualTo(1000);
    assertThat(SignInThrottle.delay(4, 3)).isEqualTo(2000);
    assertThat(SignInThrottle.delay(12, 3)).isEqualTo(512_000);
    assertThat(SignInThrottle.delay(13, 3)).isEqualTo(900_000);
    assertThat(SignInThrottle.delay(10_000, 3)).isEqualTo(900_000);
  }

  @Test
  void f6OneClientsFailuresMakeOnlyThatClientWait() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.wait("ada", "guesser")).isZero();
      throttle.failed("ada", "guesser");
    }
    assertThat(throttle.wait("ada", "guesser")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.wait("ada", "ada's laptop")).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.wait("ada", "guesser")).isZero();
  }

  @Test
  void f6AnAccountUnderAttackHoldsBackOnlyClientsThatFailedOnIt() {
    for (int i = 0; i < 40; i++) {
      throttle.failed("ada", "bot" + i);
    }
    assertThat(throttle.wait("ada", "bot1")).isEqualTo(Duration.ofMinutes(15));
    assertThat(throttle.wait("ada", "new client")).isZero();
    assertThat(throttle.wait("grace", "bot1")).isZero();
    // A success forgets that client's failures on the account, not the account's.
    throttle.succeeded("ada", "bot1");
    assertThat(throttle.wait("ada", "bot1")).isZero();
    assertThat(throttle.wait("ada", "bot2")).isEqualTo(Duration.ofMinutes(15));
    // An hour without failures forgets them all.
    clock.advance(Duration.ofMinutes(61));
    assertThat(throttle.wait("ada", "bot2")).isZero();
  }

  @Test
  void f6AClientFailingOnManyAccountsWaitsOnAllOfThem() {
    for (int i = 0; i < 20; i++) {
      throttle.failed("user" + i, "stuffer");
    }
    assertThat(throttle.wait("someone else", "stuffer")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.wait("someone else", "another client")).isZero();
  }

  /**
   * RELIABILITY F6: names typed into the form cannot grow the counts without bound, nor make each
   * call scan them all (before, past 100,000 counts every failure scanned the whole map); the count
   * of the client doing it is kept, so it still waits.
   */
  @Test
  void f6AFloodOfMadeUpNamesKeepsTheCountsBoundedAndStillHoldsTheFlooderBack() {
    for (int i = 0; i < 150_000; i++) {
      throttle.failed("made-up-" + i + "@example.com", "flooder");
    }
    assertThat(throttle.keys()).isLessThanOrEqualTo(SignInThrottle.MAX_KEYS);
    assertThat(throttle.wait("anyone@example.com", "flooder")).isEqualTo(Duration.ofMinutes(15));
    assertThat(throttle.wait("ada@example.com", "ada's laptop")).isZero();
    // an hour later it is all forgotten
    clock.advance(Duration.ofMinutes(61));
    assertThat(throttle.wait("anyone@example.com", "flooder")).isZero();
  }
}
