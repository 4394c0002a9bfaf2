package org.parley.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @Test
  void embeddedStoreIsMigratedAndWritesAheadWithFullSync(@TempDir Path dir) {
    try (Database db = Database.open("", dir)) {
      assertThat(db.dialect()).isEqualTo(Database.Dialect.SQLITE);
      assertThat(dir.resolve("parley.db")).exists();
      String mode =
          db.jdbi().withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
      int sync =
          db.jdbi().withHandle(h -> h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one());
      int tables =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'posts'")
                          .mapTo(Integer.class)
                          .one());
      assertThat(mode).isEqualToIgnoringCase("wal");
      assertThat(sync).isEqualTo(2); // FULL
      assertThat(tables).isEqualTo(1);
    }
  }

  @Test
  void relaxedWritesSkipTheSyncButAreSeenByEveryone(@TempDir Path dir) {
    try (Database db = Database.open("", dir)) {
      int sync =
          db.relaxed()
              .withHandle(h -> h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one());
      assertThat(sync).isEqualTo(1); // NORMAL: lost to a power cut at worst, never half-applied
      db.relaxed().useHandle(h -> h.execute("CREATE TABLE marks (n INTEGER)"));
      db.relaxed().useHandle(h -> h.execute("INSERT INTO marks VALUES (7)"));
      int n =
          db.jdbi()
              .withHandle(h -> h.createQuery("SELECT n FROM marks").mapTo(Integer.class).one());
      assertThat(n).isEqualTo(7);
    }
  }

  @Test
  void aWriterWaitsForTheWriteLockInsteadOfFailing(@TempDir Path dir) throws Exception {
    try (Database db = Database.open("", dir)) {
      db.jdbi().useHandle(h -> h.execute("CREATE TABLE t (n INTEGER)"));
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread holder =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      db.jdbi()
                          .useTransaction(
                              h -> {
                                h.execute("INSERT INTO t VALUES (1)");
                                holding.countDown();
                                release.await(30, TimeUnit.SECONDS);
                              });
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Integer> second =
          CompletableFuture.supplyAsync(
              () -> db.relaxed().withHandle(h -> h.execute("INSERT INTO t VALUES (2)")));
      // the second writer is still waiting for the lock the first one holds
      assertThat(second).isNotDone();
      release.countDown();
      assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      holder.join();
      int rows =
          db.jdbi()
              .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM t").mapTo(Integer.class).one());
      assertThat(rows).isEqualTo(2);
    }
  }

  @Test
  void theWalIsCheckpointedInTheBackground(@TempDir Path dir) throws Exception {
    try (Database db = Database.open("", dir)) {
      db.jdbi().useHandle(h -> h.execute("CREATE TABLE t (s TEXT)"));
      for (int i = 0; i < 50; i++) {
        db.jdbi().useHandle(h -> h.execute("INSERT INTO t VALUES (?)", "x".repeat(4000)));
      }
      // SQLite itself would checkpoint only after 10,000 pages; the store's thread does it sooner.
      Path file = dir.resolve("parley.db");
      // the rows reach the database file itself only by a checkpoint
      org.awaitility.Awaitility.await("WAL frames copied into the database file")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> Files.size(file) >= 50 * 4000);
    }
  }

  /**
   * Statements are kept for reuse (SqliteStatementCache): one left half-read must not hold its
   * snapshot or block the connection's next commit, and the same SQL may run inside itself.
   */
  @Test
  void reusedStatementsNeitherHoldSnapshotsNorBlockCommits(@TempDir Path dir) {
    try (Database db = Database.open("", dir)) {
      db.jdbi().useHandle(h -> h.execute("CREATE TABLE t (n INTEGER)"));
      for (int round = 0; round < 20; round++) {
        int n = round;
        db.jdbi()
            .useTransaction(
                h -> {
                  // read one row of many and stop, on the connection about to commit
                  h.createQuery("SELECT n FROM t ORDER BY n").mapTo(Integer.class).findFirst();
                  h.execute("INSERT INTO t VALUES (?)", n);
                  // a write that returns rows, run as a plain update: its rows are never read
                  h.execute("UPDATE t SET n = n RETURNING n");
                });
        // another connection sees every commit, so no snapshot was left open anywhere
        int count =
            db.relaxed()
                .withHandle(
                    h -> h.createQuery("SELECT COUNT(*) FROM t").mapTo(Integer.class).one());
        assertThat(count).isEqualTo(round + 1);
      }
      List<Integer> pairs =
          db.jdbi()
              .withHandle(
                  h ->
                      h
                          .createQuery("SELECT n FROM t WHERE n < 3 ORDER BY n")
                          .mapTo(Integer.class)
                          .stream()
                          .flatMap(
                              outer ->
                                  h
                                      .createQuery("SELECT n FROM t WHERE n < 3 ORDER BY n")
                                      .mapTo(Integer.class)
                                      .list()
                                      .stream()
                                      .map(inner -> outer * 10 + inner))
                          .toList());
      assertThat(pairs).containsExactly(0, 1, 2, 10, 11, 12, 20, 21, 22);
    }
  }
}
