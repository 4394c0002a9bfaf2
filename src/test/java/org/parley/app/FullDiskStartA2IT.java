package org.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Passwords;
import org.parley.group.Group;
import org.parley.ingest.FreeSpace;
import org.parley.jobs.JobState;
import org.parley.search.SearchIndex;
import org.parley.testkit.TestClock;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;
import org.slf4j.LoggerFactory;

/**
 * RELIABILITY A2: a store that refuses start-up's writes, as SQLite does on a full disk ({@code
 * SQLITE_FULL}), no longer stops the site from starting; it starts, says why in one line naming the
 * data directory and its free space, and serves.
 */
class FullDiskStartA2IT {
  @TempDir Path dir;

  @Test
  void a2AStoreThatRefusesStartUpsWritesStillStartsAndSaysWhereAndHowMuchIsFree() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(Site.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (Site site = TestSites.open(dir, Map.of())) {
      site.jobs().enqueue("a2-left-running", "1", 3);
      site.db()
          .jdbi()
          .useHandle(
              h -> {
                h.execute("UPDATE jobs SET state = 'running' WHERE kind = 'a2-left-running'");
                // the writes start-up makes are refused, as on a full disk
                h.execute(
                    "CREATE TRIGGER full_jobs BEFORE UPDATE ON jobs BEGIN"
                        + " SELECT RAISE(ABORT, 'database or disk is full'); END");
                h.execute(
                    "INSERT INTO web_sessions (id_hash, account_id, csrf_token, created_at, expires_at)"
                        + " VALUES ('old', NULL, 'c', 0, 1)");
                h.execute(
                    "CREATE TRIGGER full_sessions BEFORE DELETE ON web_sessions BEGIN"
                        + " SELECT RAISE(ABORT, 'database or disk is full'); END");
              });

      site.start();

      assertThat(lines.list)
          .filteredOn(e -> e.getFormattedMessage().startsWith("at start-up, could not"))
          .hasSize(2)
          .allSatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains(site.dataDir().toString())
                      .contains("bytes free")
                      .contains("database or disk is full")
                      .contains("starting anyway"));
      try (WireClient smtp = new WireClient(site.smtpPort())) {
        assertThat(smtp.greeting().code()).isEqualTo(220);
      }
      HttpResponse<String> home =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + site.webPort() + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(home.statusCode()).isEqualTo(200);
      site.db()
          .jdbi()
          .useHandle(
              h -> {
                h.execute("DROP TRIGGER full_jobs");
                h.execute("DROP TRIGGER full_sessions");
              });
    } finally {
      logger.detachAppender(lines);
    }
  }

  /**
   * A commit the store refuses for lack of space (simulated with a trigger, as SQLite refuses on a
   * full disk) is answered {@code 452 4.3.1} after DATA, so the sender keeps the message; nothing
   * of it is stored, and posting pauses: the next MAIL is answered 452 before a byte is sent. Once
   * it is time to try again, the same message is taken.
   */
  @Test
  void a2ACommitRefusedForLackOfSpaceIsAnswered452AndPausesPostingUntilItCanBeTriedAgain()
      throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (Site site =
        Site.open(TestSites.settings(dir, Map.of()), clock, new Passwords(1024, 1)).start()) {
      Group news = TestSites.group(site, "news", "ada@example.com");
      site.db()
          .jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "CREATE TRIGGER full_posts BEFORE INSERT ON posts BEGIN"
                          + " SELECT RAISE(ABORT, 'database or disk is full'); END"));
      byte[] message =
          ("From: ada@example.com\r\nTo: news@lists.test\r\nSubject: Spring tide\r\n"
                  + "Message-ID: <a2-refused@example.com>\r\n\r\nHigh water.\r\n")
              .getBytes(StandardCharsets.UTF_8);

      Map<JobState, Long> jobsBefore = site.jobs().countsByState();
      WireClient.Reply afterData = send(site, message);
      assertThat(afterData.code()).as(afterData.toString()).isEqualTo(452);
      assertThat(afterData.text()).startsWith("4.3.1").contains("posting is paused");
      assertThat(site.reader().postCount(news.id())).isZero();
      assertThat(site.jobs().countsByState())
          .as("no job of a post not stored")
          .isEqualTo(jobsBefore);
      try (WireClient smtp = new WireClient(site.smtpPort())) {
        smtp.command("EHLO a2.example");
        WireClient.Reply mail = smtp.command("MAIL FROM:<ada@example.com>");
        assertThat(mail.code()).isEqualTo(452);
        assertThat(mail.text()).contains("posting is paused");
      }

      site.db().jdbi().useHandle(h -> h.execute("DROP TRIGGER full_posts"));
      clock.advance(FreeSpace.RETRY);
      WireClient.Reply retried = send(site, message);
      assertThat(retried.code()).as(retried.toString()).isEqualTo(250);
      assertThat(site.reader().postCount(news.id())).isEqualTo(1);
    }
  }

  /**
   * A search index that cannot be opened at start (here a file stands where its directory should
   * be; on a full disk Lucene cannot write a new one) does not stop the site: search answers 503
   * saying it is unavailable for now, mail is taken, and once the index opens it catches up with
   * the archive by itself.
   */
  @Test
  void a2ASearchIndexThatCannotBeOpenedLeavesSearchUnavailableAndCatchesUpOnceItOpens()
      throws Exception {
    Path index = dir.resolve("index").resolve("v" + SearchIndex.SCHEMA_VERSION);
    Files.createDirectories(index.getParent());
    Files.writeString(index, "not an index");
    try (Site site = TestSites.open(dir, Map.of()).start()) {
      Group news = TestSites.group(site, "news", "ada@example.com");
      TestSites.submit(site, news, "a2-index@example.com", "Neap tide", "Slack water.");

      HttpResponse<String> unavailable = get(site, "/search?q=slack");
      assertThat(unavailable.statusCode()).isEqualTo(503);
      assertThat(unavailable.body())
          .contains("Search is unavailable for now")
          .doesNotContain("Exception");

      Files.delete(index);
      await(
          "the index to open and catch up",
          () -> get(site, "/search?q=slack").body().contains("Neap tide"));
    }
  }

  private static WireClient.Reply send(Site site, byte[] message) throws Exception {
    try (WireClient smtp = new WireClient(site.smtpPort())) {
      smtp.command("EHLO a2.example");
      assertThat(smtp.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
      assertThat(smtp.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(smtp.command("DATA").code()).isEqualTo(354);
      smtp.writeMessage(message, "");
      return smtp.reply();
    }
  }

  private static HttpResponse<String> get(Site site, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + site.webPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void await(String what, BooleanSupplier done) {
    org.parley.testkit.RelaySink.await(what, Duration.ofSeconds(60), done);
  }
}
