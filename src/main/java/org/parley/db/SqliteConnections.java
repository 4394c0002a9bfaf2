package org.parley.db;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite connections as Parley wants them: each waits for the write lock with short naps instead of
 * SQLite's default busy handler, and leaves WAL checkpoints to the store's checkpoint thread.
 *
 * <p>SQLite's default busy handler sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms between
 * tries; a writer that finds the lock taken by a job claim holding it for 1 ms often sleeps 10 ms
 * or more, and in the intake benchmark those naps made the mean DATA→250 time twice the median.
 * This one naps 50 µs at first, longer after the first few milliseconds, and gives up (SQLITE_BUSY)
 * after the configured timeout, as the default one does.
 */
final class SqliteConnections extends SQLiteDataSource {
  /** Pages in the WAL after which a committing connection checkpoints itself: a backstop only. */
  static final int AUTOCHECKPOINT_PAGES = 10_000;

  private final long busyTimeoutNanos;

  SqliteConnections(SQLiteConfig config, String url, long busyTimeoutMillis) {
    super(config);
    setUrl(url);
    this.busyTimeoutNanos = busyTimeoutMillis * 1_000_000L;
  }

  @Override
  public SQLiteConnection getConnection(String username, String password) throws SQLException {
    SQLiteConnection c = super.getConnection(username, password);
    try {
      BusyHandler.setHandler(c, new Napping(busyTimeoutNanos));
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_autocheckpoint = " + AUTOCHECKPOINT_PAGES);
        s.execute("PRAGMA journal_size_limit = " + (64L * 1024 * 1024));
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** One per connection (a connection is used by one thread at a time). */
  private static final class Napping extends BusyHandler {
    private final long timeoutNanos;
    private long since;

    Napping(long timeoutNanos) {
      this.timeoutNanos = timeoutNanos;
    }

    @Override
    protected int callback(int tries) {
      long now = System.nanoTime();
      if (tries == 0) {
        since = now;
      } else if (now - since > timeoutNanos) {
        return 0;
      }
      LockSupport.parkNanos(tries < 40 ? 50_000L : tries < 400 ? 250_000L : 2_000_000L);
      return 1;
    }
  }
}
