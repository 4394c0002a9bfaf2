package org.parley.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Types;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The relational store: a pooled connection (HikariCP), JDBI on top, and the schema brought up to
 * date by Flyway on open. Two dialects share one contract: SQLite (the embedded default, WAL with
 * {@code synchronous=FULL} so a commit is on disk when it returns) and PostgreSQL (scale-out).
 * Migrations live in {@code db/sqlite} and {@code db/postgresql} and are kept in step.
 *
 * <p>Two pools reach the same store: {@link #jdbi} for everything a user is told is saved, and
 * {@link #relaxed} for bookkeeping whose loss to a power cut costs only a redo. On SQLite the WAL
 * is checkpointed by a thread of the store's own, not by whichever writer committed last.
 */
public final class Database implements AutoCloseable {
  /** Which SQL dialect a store speaks; SQL that differs is chosen by this. */
  public enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  private final HikariDataSource dataSource;
  private final HikariDataSource relaxedSource;
  private final Jdbi jdbi;
  private final Jdbi relaxed;
  private final Dialect dialect;
  private final Thread checkpointer;
  private volatile boolean open = true;

  /**
   * Every string bound to a statement goes in with U+0000 replaced by U+FFFD: PostgreSQL's text
   * refuses NUL (the whole statement fails), SQLite keeps it, and the two stores must behave alike.
   * Mail and forms bring NUL in names, subjects and bodies; no key or token of ours holds one.
   */
  private static Jdbi withText(Jdbi jdbi) {
    jdbi.registerArgument(
        new AbstractArgumentFactory<String>(Types.VARCHAR) {
          @Override
          protected Argument build(String value, ConfigRegistry config) {
            String text = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
            return (position, statement, context) -> statement.setString(position, text);
          }
        });
    return jdbi;
  }

  private Database(HikariDataSource dataSource, HikariDataSource relaxedSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.relaxedSource = relaxedSource;
    this.dialect = dialect;
    this.jdbi = withText(Jdbi.create(dataSource));
    this.relaxed = withText(Jdbi.create(relaxedSource));
    if (dialect == Dialect.SQLITE) {
      jdbi.setStatementBuilderFactory(new SqliteStatementCache());
      relaxed.setStatementBuilderFactory(new SqliteStatementCache());
    }
    this.checkpointer =
        dialect == Dialect.SQLITE
            ? Thread.ofPlatform().name("parley-sqlite-checkpoint").daemon().start(this::checkpoints)
            : null;
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
    HikariDataSource durable =
        sqlitePool(url, "parley-sqlite", SQLiteConfig.SynchronousMode.FULL, 8);
    HikariDataSource relaxed;
    try {
      relaxed = sqlitePool(url, "parley-sqlite-relaxed", SQLiteConfig.SynchronousMode.NORMAL, 8);
    } catch (RuntimeException e) {
      durable.close();
      throw e;
    }
    return migrate(durable, relaxed, Dialect.SQLITE);
  }

  private static HikariDataSource sqlitePool(
      String url, String name, SQLiteConfig.SynchronousMode sync, int size) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(sync);
    config.enforceForeignKeys(true);
    // A write transaction takes the write lock at BEGIN, so two writers queue for it instead of
    // failing with SQLITE_BUSY when a read lock would have to be upgraded.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(new SqliteConnections(config, url, 30_000));
    hc.setPoolName(name);
    hc.setMaximumPoolSize(size);
    hc.setConnectionTimeout(60_000);
    // A local file has no server to drop connections; keeping them keeps their prepared
    // statements (SqliteStatementCache).
    hc.setMaxLifetime(0);
    return new HikariDataSource(hc);
  }

  private static Database postgres(String url) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setPoolName("parley-postgresql");
    hc.setMaximumPoolSize(16);
    HikariDataSource durable = new HikariDataSource(hc);
    HikariConfig rc = new HikariConfig();
    rc.setJdbcUrl(url);
    rc.setPoolName("parley-postgresql-relaxed");
    rc.setMaximumPoolSize(4);
    // The same promise as SQLite's synchronous=NORMAL: a commit may be lost to a crash of the
    // database server, never half-applied.
    rc.setConnectionInitSql("SET synchronous_commit = off");
    HikariDataSource relaxed;
    try {
      relaxed = new HikariDataSource(rc);
    } catch (RuntimeException e) {
      durable.close();
      throw e;
    }
    return migrate(durable, relaxed, Dialect.POSTGRESQL);
  }

  private static Database migrate(HikariDataSource ds, HikariDataSource relaxed, Dialect dialect) {
    try {
      String location =
          dialect == Dialect.SQLITE ? "classpath:db/sqlite" : "classpath:db/postgresql";
      Flyway.configure().dataSource(ds).locations(location).load().migrate();
      return new Database(ds, relaxed, dialect);
    } catch (RuntimeException e) {
      relaxed.close();
      ds.close();
      throw e;
    }
  }

  /**
   * Checkpoints the WAL into the database file every quarter second, off the committing threads: a
   * checkpoint writes and syncs many pages, and run by SQLite after a commit (its default) it lands
   * on whichever caller committed last, an SMTP client waiting for its 250 as often as not. PASSIVE
   * never waits for writers or readers; connections still checkpoint themselves if the WAL grows
   * past {@link SqliteConnections#AUTOCHECKPOINT_PAGES} (this thread stuck or starved).
   */
  private void checkpoints() {
    boolean failing = false; // one line when checkpoints start failing (a full disk), one when not
    while (open) {
      try {
        Thread.sleep(250);
        jdbi.useHandle(h -> h.execute("PRAGMA wal_checkpoint(PASSIVE)"));
        if (failing) {
          failing = false;
          LoggerFactory.getLogger(Database.class).info("WAL checkpoints work again");
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (open && !failing) {
          failing = true;
          LoggerFactory.getLogger(Database.class)
              .warn("WAL checkpoint failed (tried again every 250 ms): {}", e.toString());
        }
      }
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * The same store for writes that may be lost to a power cut or an operating-system crash (never
   * to a crash of Parley itself, and never half-applied) because losing them costs only a redo: job
   * claims and completions, view counts. A commit here does not wait for the disk (SQLite
   * synchronous=NORMAL, PostgreSQL synchronous_commit=off), so it holds the write lock for
   * microseconds rather than a sync. Anything a user was told is saved goes through {@link #jdbi}.
   */
  public Jdbi relaxed() {
    return relaxed;
  }

  /**
   * Writes a consistent copy of the whole SQLite store to {@code target}, a file that must not
   * exist yet, with SQLite's {@code VACUUM INTO}: it reads one snapshot of the database (a read
   * transaction, which in WAL mode never blocks the site's writers nor waits for them) and writes
   * it compacted, as a database of its own, with no WAL beside it. Parley's backup uses it while
   * the site runs.
   *
   * @throws IllegalStateException on PostgreSQL, whose backups are pg_dump's
   */
  public void snapshot(Path target) {
    if (dialect != Dialect.SQLITE) {
      throw new IllegalStateException("a PostgreSQL store is backed up with pg_dump");
    }
    jdbi.useHandle(h -> h.execute("VACUUM INTO ?", target.toAbsolutePath().toString()));
  }

  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    open = false;
    if (checkpointer != null) {
      checkpointer.interrupt();
      try {
        checkpointer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    relaxedSource.close();
    dataSource.close();
  }
}
