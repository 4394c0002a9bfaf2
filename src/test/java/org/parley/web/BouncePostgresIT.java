package org.parley.web;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** {@link BounceIT} on PostgreSQL: bounce processing's statements on the other store. */
@Tag("slow") // an embedded PostgreSQL
class BouncePostgresIT extends BounceIT {
  static EmbeddedPostgres pg;
  static int sites;

  @BeforeAll
  static void startPostgres() throws IOException {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    pg.close();
  }

  /** A database of its own for each test, so each starts from an empty store. */
  @Override
  String conf() {
    String db = "bounces" + ++sites;
    try (var c = pg.getPostgresDatabase().getConnection();
        var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return "db = " + pg.getJdbcUrl("postgres", db) + "\n";
  }
}
