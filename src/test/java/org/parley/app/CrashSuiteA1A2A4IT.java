package org.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testkit.crash.CrashSuite;
import org.parley.testkit.crash.CrashSuite.Tally;

/**
 * The quick form of the crash suite ({@link CrashSuite}; {@code bench/run.sh crash} runs 20
 * rounds): two rounds of each scenario, {@code parley serve} killed with SIGKILL at a random moment
 * of each. Nothing acknowledged is lost: a message answered 250 (A1), a copy owed to a member (A4),
 * a post answered with its redirect (A3/A8), a message taken on a disk that then filled up (A2).
 * The kill moments come from a seed printed first; {@code -Dcrash.seed=S} replays a run.
 */
@Tag("slow") // the crash suite: processes started and killed
class CrashSuiteA1A2A4IT {
  private static final int ROUNDS = 2;

  /** The default of the workers setting: relay jobs at work at once, each with one connection. */
  private static final int WORKERS = 4;

  private static long seed;

  @TempDir Path tmp;

  @BeforeAll
  static void seed() {
    String given = System.getProperty("crash.seed");
    seed = given != null ? Long.parseLong(given) : new SecureRandom().nextLong();
    System.out.println("CRASH seed " + seed + " (replay: -Dcrash.seed=" + seed + ")");
  }

  private Tally run(String scenario) throws Exception {
    Tally t = new CrashSuite(tmp, seed, System.out, 200).run(scenario, ROUNDS);
    System.out.println(t.line());
    return t;
  }

  @Test
  void a1EveryMessageAnswered250IsArchivedOnceWithItsBytesAfterKills() throws Exception {
    Tally t = run("intake");
    assertThat(t.acknowledged()).as(t.line()).isPositive();
    assertThat(t.lost()).as(t.line()).isZero();
    // the messages whose answer a kill swallowed were sent again: archived once all the same
    assertThat(t.duplicated()).as(t.line()).isZero();
  }

  @Test
  void a4EveryMemberGetsEveryPostAndAKillResendsAtMostTheCopiesInFlight() throws Exception {
    Tally t = run("fanout");
    assertThat(t.acknowledged()).as(t.line()).isEqualTo(ROUNDS * 3 * 199L);
    assertThat(t.lost()).as(t.line()).isZero();
    // Each copy is marked sent as soon as the relay answers it (RelayJob), so the copies a kill
    // can send twice are those the relay had taken but whose answer was not yet recorded: one per
    // relay job at work, and at most WORKERS run at once.
    assertThat(t.duplicated()).as(t.line()).isLessThanOrEqualTo(ROUNDS * WORKERS);
  }

  @Test
  void a8AWebPostAnsweredWithItsRedirectIsKeptAndAFormSentAgainPostsOnce() throws Exception {
    Tally t = run("web");
    assertThat(t.acknowledged()).as(t.line()).isPositive();
    assertThat(t.lost()).as(t.line()).isZero();
    assertThat(t.duplicated()).as(t.line()).isZero();
  }

  @Test
  void a2NothingAnswered250IsLostWhenTheDiskFillsAndTheSiteIsKilled() throws Exception {
    Tally t = run("disk");
    assumeTrue(t.skipped() == null, t.skipped());
    assertThat(t.acknowledged()).as(t.line()).isPositive();
    assertThat(t.lost()).as(t.line()).isZero();
    assertThat(t.duplicated()).as(t.line()).isZero();
  }
}
