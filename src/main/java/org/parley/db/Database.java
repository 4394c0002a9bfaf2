package org.parley.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The relational store: a pooled connection (HikariCP), JDBI on top, and the schema brought up to
 * date by Flyway on open. Two dialects share one contract: SQLite (the embedded default, WAL with
 * {@code synchronous=FULL} so a commit is on disk when it returns) and PostgreSQL (scale-out).
 * Migrations live in {@code db/sqlite} and {@code db/postgresql} and are kept in step.
 */
public final class Database implements AutoCloseable {
  /** Which SQL dialect a store speaks; SQL that differs is chosen by this. */
  public enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Opens the store named by {@code jdbcUrl}, or the embedded SQLite file {@code parley.db} in
   * {@code dataDir} when the URL is empty, and migrates it.
   */
  public static Database open(String jdbcUrl, Path dataDir) {
    if (jdbcUrl == null || jdbcUrl.isEmpty()) {
      return sqlite("jdbc:sqlite:" + dataDir.resolve("parley.db"));
    }
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return sqlite(jdbcUrl);
    }
    return postgres(jdbcUrl);
  }

  private static Database sqlite(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(30_000);
    config.enforceForeignKeys(true);
    // A write transaction takes the write lock at BEGIN, so two writers queue on busy_timeout
    // instead of failing with SQLITE_BUSY when a read lock would have to be upgraded.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl(url);
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(sqlite);
    hc.setPoolName("parley-sqlite");
    hc.setMaximumPoolSize(8);
    hc.setConnectionTimeout(60_000);
    return migrate(new HikariDataSource(hc), Dialect.SQLITE);
  }

  private static Database postgres(String url) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setPoolName("parley-postgresql");
    hc.setMaximumPoolSize(16);
    return migrate(new HikariDataSource(hc), Dialect.POSTGRESQL);
  }

  private static Database migrate(HikariDataSource ds, Dialect dialect) {
    try {
      String location =
          dialect == Dialect.SQLITE ? "classpath:db/sqlite" : "classpath:db/postgresql";
      Flyway.configure().dataSource(ds).locations(location).load().migrate();
      return new Database(ds, dialect);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
