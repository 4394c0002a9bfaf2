package org.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
