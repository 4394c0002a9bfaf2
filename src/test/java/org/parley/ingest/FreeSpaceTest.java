package org.parley.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
