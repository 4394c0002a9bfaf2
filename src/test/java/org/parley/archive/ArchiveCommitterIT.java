package org.parley.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Passwords;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/** The one thread that commits every post outlives whatever goes wrong with one batch. */
class ArchiveCommitterIT {
  @TempDir Path dir;

  /**
   * The system clock, except that while armed it throws an {@link Error} on the archive's thread:
   * the kind of failure (out of memory, a stack overflow) that is no RuntimeException.
   */
  static final class FailingOnTheArchiveThread extends Clock {
    volatile boolean armed;

    @Override
    public Instant instant() {
      if (armed && Thread.currentThread().getName().equals("parley-archive")) {
        armed = false;
        throw new StackOverflowError("injected for the test");
      }
      return Instant.now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void anErrorInOneCommitIsAnswered451AndTheNextPostIsTakenAtOnce() throws Exception {
    FailingOnTheArchiveThread clock = new FailingOnTheArchiveThread();
    try (Site site =
            Site.open(TestSites.settings(dir, Map.of()), clock, new Passwords(1024, 1)).start();
        SmtpClient smtp = new SmtpClient(site.smtpPort())) {
      Group group = TestSites.group(site, "news", "ada@example.com");

      clock.armed = true;
      SmtpClient.Reply failed = smtp.send("ada@example.com", List.of("news@lists.test"), post("a"));
      assertThat(failed.code()).isEqualTo(451);
      assertThat(site.reader().postCount(group.id())).isZero();

      // the committer is still there: the sender's retry is archived, promptly
      long start = System.nanoTime();
      SmtpClient.Reply retried =
          smtp.send("ada@example.com", List.of("news@lists.test"), post("a"));
      assertThat(retried.ok()).as(retried.text()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
      assertThat(site.reader().postCount(group.id())).isEqualTo(1);
    }
  }

  private static byte[] post(String id) {
    return ("From: ada@example.com\r\nTo: news@lists.test\r\nSubject: Hello\r\nMessage-ID: <"
            + id
            + "@example.com>\r\n\r\nHello.\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
