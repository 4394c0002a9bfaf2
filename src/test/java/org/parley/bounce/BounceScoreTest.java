package org.parley.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.parley.testkit.TestClock;

/**
 * The rules that count a failure toward a member's bounce score (Mailman 3's defaults), walked day
 * by day with a clock moved by hand: a lasting failure counts once a day, a passing one only when
 * it repeats on another day, a refusal by policy never, and a score forgotten after a week without
 * one.
 */
class BounceScoreTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));
  private final BouncePolicy policy = BouncePolicy.DEFAULTS;

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private BounceScore.Counted hard(BounceScore.State before) {
    return BounceScore.count(Failure.Kind.HARD, today(), before, false, policy);
  }

  @Test
  void fiveHardFailuresOnFiveDaysReachTheThreshold() {
    BounceScore.State s = BounceScore.State.CLEAN;
    for (int day = 0; day < 5; day++) {
      BounceScore.Counted c = hard(s);
      assertThat(c.counted()).isTrue();
      s = c.after();
      clock.advance(Duration.ofDays(1));
    }
    assertThat(s.score()).isEqualTo(policy.threshold());
    assertThat(s.lastDay()).isEqualTo(LocalDate.parse("2026-12-05"));
  }

  @Test
  void aDayCountsOnceHoweverManyCopiesBounceThatDay() {
    BounceScore.State s = hard(BounceScore.State.CLEAN).after();
    clock.advance(Duration.ofHours(10));
    BounceScore.Counted again = hard(s);
    assertThat(again.counted()).isFalse();
    assertThat(again.after().score()).isEqualTo(1);
    assertThat(again.why()).isEqualTo("a bounce counted today already");
    clock.advance(Duration.ofHours(5)); // past midnight UTC: another day
    assertThat(hard(s).after().score()).isEqualTo(2);
  }

  @Test
  void aPassingFailureCountsOnlyWhenItRepeatsOnAnotherDay() {
    BounceScore.Counted first =
        BounceScore.count(Failure.Kind.SOFT, today(), BounceScore.State.CLEAN, false, policy);
    assertThat(first.counted()).isFalse();
    assertThat(first.after().score()).isZero();
    clock.advance(Duration.ofDays(1));
    BounceScore.Counted repeated =
        BounceScore.count(Failure.Kind.SOFT, today(), first.after(), true, policy);
    assertThat(repeated.counted()).isTrue();
    assertThat(repeated.after().score()).isEqualTo(1);
  }

  @Test
  void aRefusalByPolicyNeverCounts() {
    BounceScore.State s = new BounceScore.State(4, today().minusDays(1));
    BounceScore.Counted c = BounceScore.count(Failure.Kind.POLICY, today(), s, true, policy);
    assertThat(c.counted()).isFalse();
    assertThat(c.after()).isEqualTo(s);
  }

  @Test
  void aScoreGoesStaleAfterAWeekWithoutACountedBounce() {
    BounceScore.State s = new BounceScore.State(4, today());
    clock.advance(Duration.ofDays(7));
    assertThat(BounceScore.stale(s, today(), policy)).isFalse();
    assertThat(hard(s).after().score()).isEqualTo(5);
    clock.advance(Duration.ofDays(1));
    assertThat(BounceScore.stale(s, today(), policy)).isTrue();
    BounceScore.Counted fresh = hard(s);
    assertThat(fresh.counted()).isTrue();
    assertThat(fresh.after()).isEqualTo(new BounceScore.State(1, today()));
  }

  @Test
  void theRemovalDayIsOneIntervalAfterTheLastWarning() {
    Instant disabled = clock.instant();
    assertThat(BounceRounds.removalDay(policy, disabled, 1)).isEqualTo("2026-12-22");
    assertThat(BounceRounds.removalDay(policy, disabled.plus(Duration.ofDays(14)), 3))
        .isEqualTo("2026-12-22");
    assertThat(
            BounceRounds.removalDay(
                new BouncePolicy(5, Duration.ofDays(7), Duration.ofDays(3), 0, Duration.ofDays(7)),
                disabled,
                1))
        .isEmpty();
  }
}
