package org.parley.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
}
