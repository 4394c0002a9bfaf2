package org.parley.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testkit.TestClock;
import org.slf4j.LoggerFactory;

class FreeSpaceTest {
  @TempDir Path dir;

  @Test
  void theFloorAndTheDeclaredSizeMustBothFit() {
    long free = dir.toFile().getUsableSpace();
    assertThat(new FreeSpace(dir, 0).enough(0)).isTrue();
    assertThat(new FreeSpace(dir, 0).enough(Long.MAX_VALUE / 2))
        .as("a SIZE no disk holds")
        .isFalse();
    assertThat(new FreeSpace(dir, Long.MAX_VALUE).enough(0)).as("a floor no disk meets").isFalse();
    assertThat(new FreeSpace(dir, Long.MAX_VALUE).enough(1))
        .as("and past Long.MAX_VALUE")
        .isFalse();
    // what is free now, less a margin for other writers on this disk, fits
    assertThat(new FreeSpace(dir, free / 2).enough(0)).isTrue();
  }

  /**
   * Some file systems report no sizes at all: mail is not refused for a number that means nothing.
   */
  @Test
  void aFileSystemThatReportsNoSizesIsNotChecked() throws Exception {
    Path proc = Path.of("/proc");
    assumeTrue(
        Files.isDirectory(proc) && Files.getFileStore(proc).getTotalSpace() == 0,
        "no file system here reports a size of 0 (/proc does on Linux)");
    assertThat(new FreeSpace(proc, Long.MAX_VALUE).enough(0)).isTrue();

    // RELIABILITY A2: a refused write still pauses posting there, and the pause still ends
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    FreeSpace space = new FreeSpace(proc, Long.MAX_VALUE, true, clock);
    space.refused(new IOException("No space left on device"));
    assertThat(space.enough(0)).isFalse();
    assertThat(space.paused()).isPresent();
    clock.advance(FreeSpace.RETRY);
    assertThat(space.enough(0)).isTrue();
    assertThat(space.paused()).isEmpty();
  }

  /**
   * RELIABILITY A2: the free-space log says when the disk's state changes, not at every message; a
   * declared size too large for a disk above its floor is not a change of state.
   */
  @Test
  void a2TheFreeSpaceLogHasOneLinePerChangeOfState() {
    Logger logger = (Logger) LoggerFactory.getLogger(FreeSpace.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      FreeSpace roomy = new FreeSpace(dir, 0);
      for (int i = 0; i < 10; i++) {
        assertThat(roomy.enough(Long.MAX_VALUE / 2)).isFalse();
        assertThat(roomy.enough(0)).isTrue();
      }
      assertThat(lines.list).as("a disk above its floor").isEmpty();

      FreeSpace full = new FreeSpace(dir, Long.MAX_VALUE);
      for (int i = 0; i < 10; i++) {
        assertThat(full.enough(i)).isFalse();
      }
      assertThat(lines.list)
          .singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).contains("under the floor"));
      assertThat(full.describe()).startsWith(dir.toString()).contains("bytes free");
    } finally {
      logger.detachAppender(lines);
    }
  }

  /**
   * RELIABILITY A2: what a full disk says, from SQLite or the operating system, and nothing else.
   */
  @Test
  void a2AFullDiskIsToldFromOtherFailures() {
    SQLException sqlite =
        new SQLException(
            "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)");
    assertThat(FreeSpace.full(sqlite)).isTrue();
    assertThat(FreeSpace.full(new IllegalStateException("commit failed", sqlite))).isTrue();
    assertThat(FreeSpace.full(new UncheckedIOException(new IOException("No space left on device"))))
        .isTrue();
    RuntimeException suppressing = new RuntimeException("cannot open");
    suppressing.addSuppressed(sqlite);
    assertThat(FreeSpace.full(suppressing)).isTrue();
    assertThat(FreeSpace.full(new IOException("Permission denied"))).isFalse();
    assertThat(FreeSpace.full(new SQLException("[SQLITE_BUSY] database is locked"))).isFalse();
  }

  /**
   * RELIABILITY A2: a write refused for lack of space pauses posting, with one log line naming the
   * directory and the bytes free, even on a disk that shows room (a quota, say); the pause ends by
   * itself when it is time to try again, with one more line.
   */
  @Test
  void a2AWriteRefusedForLackOfSpacePausesPostingUntilItIsTimeToTryAgain() {
    Logger logger = (Logger) LoggerFactory.getLogger(FreeSpace.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      logger.setLevel(Level.INFO);
      TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
      // a floor a quarter of what is free: other writers on this disk never bring that much back
      FreeSpace space = new FreeSpace(dir, dir.toFile().getUsableSpace() / 4, false, clock);
      assertThat(space.paused()).isEmpty();
      assertThat(space.enough(0)).isTrue();

      for (int i = 0; i < 3; i++) {
        space.refused(new SQLException("[SQLITE_FULL] database or disk is full"));
        assertThat(space.paused()).contains(FreeSpace.BANNER);
        assertThat(space.enough(0)).isFalse();
      }
      assertThat(lines.list)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains(dir.toString())
                      .contains("bytes free")
                      .contains("posting is paused"));

      clock.advance(FreeSpace.RETRY.minusSeconds(1));
      space.check();
      assertThat(space.paused()).isPresent();
      clock.advance(java.time.Duration.ofSeconds(1));
      assertThat(space.paused()).isEmpty();
      assertThat(space.enough(0)).isTrue();
      assertThat(lines.list).hasSize(2);
      assertThat(lines.list.get(1).getFormattedMessage()).contains("posting resumes");
    } finally {
      logger.setLevel(null);
      logger.detachAppender(lines);
    }
  }

  /**
   * RELIABILITY A2: a site's reserve is written while there is room, released when posting pauses
   * (so that the store can open and the rest of the site go on), and written again afterwards.
   */
  @Test
  void a2TheReserveIsReleasedWhenPostingPausesAndWrittenAgainOnceThereIsRoom() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    FreeSpace space = new FreeSpace(dir, dir.toFile().getUsableSpace() / 4, true, clock);
    Path reserve = dir.resolve(FreeSpace.RESERVE);
    assumeTrue(
        Files.getFileStore(dir).getUsableSpace() > 4 * FreeSpace.RESERVE_BYTES,
        "no room here for the reserve");
    space.keepReserve();
    assertThat(reserve).isRegularFile();
    assertThat(Files.size(reserve)).isEqualTo(FreeSpace.RESERVE_BYTES);

    space.refused(new IOException("No space left on device"));
    assertThat(reserve).doesNotExist();
    space.check();
    assertThat(reserve).as("not while paused").doesNotExist();

    clock.advance(FreeSpace.RETRY);
    space.check();
    assertThat(space.paused()).isEmpty();
    assertThat(reserve).isRegularFile();
    assertThat(new FreeSpace(dir, 0, true, clock).releaseReserve("a test")).isTrue();
    assertThat(reserve).doesNotExist();
  }
}
