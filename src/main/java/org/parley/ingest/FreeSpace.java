package org.parley.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.parley.db.DiskFull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room on the data directory's disk, and the site's "posting paused" state (RELIABILITY A2).
 *
 * <p>Posting is paused while the disk has less than the floor free ({@code min_free_bytes}; by
 * default one and a half times the size limit, as Postfix keeps), or after a commit was refused for
 * lack of space ({@link #refused}: until the disk has gained the floor's worth of room, at least
 * {@link #RESERVE_BYTES}, or {@link #RETRY} has passed, when the next post is tried and pauses
 * posting again if it is refused: a disk out of inodes or a quota shows room and still refuses).
 * While paused no post is taken, and the store keeps room for what is already under way (its
 * commits, checkpoints, sessions and jobs): over SMTP and LMTP MAIL is answered {@code 452 4.3.1}
 * (RFC 5321 §4.5.3.1.9; with the SIZE the client declared added, RFC 1870), so the sender keeps the
 * message and comes back before sending a byte of it; every other path (the web, an import) is
 * refused by the {@link Ingestor} with the text kept for another try, and the web says so on every
 * page a member sees. The pause ends by itself: each question reads the disk again, and the site
 * asks {@link #check} every few seconds, so the state (and its one log line per change) follows the
 * disk even when nobody posts.
 *
 * <p>The reserve: a site keeps a file of {@link #RESERVE_BYTES} in its data directory ({@value
 * #RESERVE}), written while there is room, as CockroachDB keeps its emergency ballast. A store on a
 * full disk cannot even be opened for reading (SQLite's WAL index, the {@code -shm} file, needs
 * room), so the site releases the reserve when posting pauses and when the store will not open, and
 * starts paused rather than not at all; the reserve is written again once the disk has room for it
 * beyond the floor, and a stopping site puts in it the room its store gave back ({@link
 * #keepWhatIsFree}), which its next start needs. Its bytes never count as room for posts.
 */
public final class FreeSpace {
  private static final Logger log = LoggerFactory.getLogger(FreeSpace.class);

  /** The reserve's size: room for SQLite's WAL index and WAL, and a paused site's bookkeeping. */
  public static final long RESERVE_BYTES = 4L * 1024 * 1024;

  /** The reserve's file name in the data directory. */
  public static final String RESERVE = "space-reserve";

  /** The SMTP and LMTP reply while posting is paused (452, RFC 3463 4.3.1). */
  public static final String SMTP_REPLY =
      "4.3.1 Insufficient system storage: posting is paused, try again later";

  /** The one sentence the web shows a member while posting is paused. */
  public static final String BANNER =
      "Posting is paused because the server is short of disk space: you can read as usual, and"
          + " new posts and replies can be sent again once there is room.";

  /** What a post refused for a paused site is told (the web keeps its text beside it). */
  public static final String REFUSAL =
      "Posting is paused: the site is short of disk space and cannot store new posts just now."
          + " Your text is kept here; please send it again later.";

  /** How long a pause for a refused write lasts when the disk shows no more room than then. */
  public static final Duration RETRY = Duration.ofSeconds(30);

  private final Path dir;
  private final Clock clock;
  private final FileStore store;
  private final long floor;
  private final Path reserve; // null: no reserve kept (a FreeSpace for a check alone)
  private final boolean reported; // false on a file system that reports no sizes at all
  private final Object lock = new Object();
  private boolean paused; // guarded by lock
  private boolean unreadable; // guarded by lock
  private long refusedAtFree = -1; // guarded by lock; the free bytes when a commit was refused
  private Instant refusedAt = Instant.MIN; // guarded by lock
  private long reserveSize; // guarded by lock; the reserve's bytes on disk, 0 when released

  /**
   * A check of the disk alone, keeping no reserve.
   *
   * @param dir the data directory
   * @param floor the free bytes to keep beyond a declared message size
   */
  public FreeSpace(Path dir, long floor) {
    this(dir, floor, false, Clock.systemUTC());
  }

  /**
   * @param dir the data directory
   * @param floor the free bytes to keep beyond a declared message size
   * @param keepReserve whether to keep the reserve file in {@code dir} (a site does)
   * @param clock when a pause for a refused write ends ({@link #RETRY})
   */
  public FreeSpace(Path dir, long floor, boolean keepReserve, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    this.floor = floor;
    try {
      this.store = Files.getFileStore(dir);
      this.reported = store.getTotalSpace() > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find the disk of " + dir, e);
    }
    this.reserve = keepReserve && reported ? dir.resolve(RESERVE) : null;
    long size = 0;
    try {
      size = reserve != null && Files.isRegularFile(reserve) ? Files.size(reserve) : 0;
    } catch (IOException e) {
      // counted as released: the next check writes it again
    }
    this.reserveSize = size;
    if (!reported) {
      log.info(
          "{} is on a file system that reports no free space; min_free_bytes is not checked", dir);
    }
  }

  /**
   * Whether a message of {@code declaredSize} may begin (0 when the client declared none): posting
   * is not paused and the disk has the floor free beyond it. If the free space cannot be read, or
   * the file system reports no sizes at all (some network and virtual ones report 0), the answer is
   * yes: the commit still fails safely (451, or 452 once it is refused for lack of space).
   *
   * <p>A large declared size that does not fit on a disk above its floor is that message's answer,
   * not a change of the disk's state: it is not logged.
   */
  public boolean enough(long declaredSize) {
    long usable = state(false);
    if (usable < 0) {
      return !pausedNow();
    }
    if (pausedNow()) {
      return false;
    }
    long need = floor + Math.max(0, declaredSize);
    if (need < floor) { // past Long.MAX_VALUE
      need = Long.MAX_VALUE;
    }
    return usable >= need;
  }

  /** The sentence to show while posting is paused; empty while the site takes posts. */
  public Optional<String> paused() {
    state(false);
    return pausedNow() ? Optional.of(BANNER) : Optional.empty();
  }

  /**
   * Reads the disk again, logs a change of state, and writes the reserve when there is room for it:
   * the site calls this every few seconds, so a pause ends (and is logged) without waiting for
   * mail.
   */
  public void check() {
    state(true);
  }

  private boolean pausedNow() {
    synchronized (lock) {
      return paused;
    }
  }

  /**
   * A commit was refused for lack of space ({@link #full}): posting pauses until the disk has
   * gained the floor's worth of room (at least {@link #RESERVE_BYTES}), or for {@link #RETRY} (and
   * while under the floor), and the reserve is released so that the rest of the site (sessions,
   * jobs, checkpoints) can go on.
   */
  public void refused(Throwable e) {
    synchronized (lock) {
      release("a write was refused for lack of space");
      long free = free(); // after the release: its bytes are not room coming back
      refusedAtFree = Math.max(0, free);
      refusedAt = clock.instant();
      if (!paused) {
        paused = true;
        log.warn(
            "{} refused a write for lack of space ({}); {} bytes free: posting is paused (SMTP and"
                + " LMTP answer 452, the web 503) until there is room",
            dir,
            oneLine(e),
            free);
      }
    }
  }

  /**
   * Releases the reserve, so that a store the full disk would not open can be opened (at start-up).
   *
   * @return whether there was a reserve to release
   */
  public boolean releaseReserve(String why) {
    synchronized (lock) {
      return release(why);
    }
  }

  private boolean release(String why) {
    if (reserve == null || !Files.exists(reserve)) {
      reserveSize = 0;
      return false;
    }
    try {
      long size = Files.size(reserve);
      Files.deleteIfExists(reserve);
      reserveSize = 0;
      log.warn(
          "released the reserve {} ({} bytes) because {}; it is written again once there is room",
          reserve,
          size,
          why);
      return true;
    } catch (IOException e) {
      log.warn("cannot release the reserve {}: {}", reserve, e.toString());
      return false;
    }
  }

  /**
   * Reads the free space, updates the state (logging a change) and, when {@code tend}, writes the
   * reserve if there is room for it beyond the floor.
   *
   * @return the bytes free for posts (the free space less a released reserve's share), or -1 when
   *     the file system reports none or cannot be read
   */
  private long state(boolean tend) {
    synchronized (lock) {
      long free = reported ? free() : -1;
      if (free < 0) {
        // no size to go by: only a refused write pauses posting, for its while
        if (refusedAtFree >= 0 && !clock.instant().isBefore(refusedAt.plus(RETRY))) {
          refusedAtFree = -1;
          if (paused) {
            paused = false;
            log.info("{}: time to try again after a refused write; posting resumes", dir);
          }
        }
        return -1;
      }
      // a released reserve is the site's own room, never room for posts
      long missing = reserve != null ? RESERVE_BYTES - reserveSize : 0;
      long usable = Math.max(0, free - missing);
      if (refusedAtFree >= 0
          && (free - refusedAtFree >= Math.max(floor, RESERVE_BYTES)
              || !clock.instant().isBefore(refusedAt.plus(RETRY)))) {
        refusedAtFree = -1; // room came back since the refusal, or it is time to try again
      }
      boolean low = usable < floor;
      boolean nowPaused = low || refusedAtFree >= 0;
      if (nowPaused && !paused) {
        paused = true;
        log.warn(
            "{} has {} bytes free{}, under the floor of {} (min_free_bytes): posting is paused"
                + " (SMTP and LMTP answer 452, the web 503) until there is room",
            dir,
            free,
            free > usable
                ? " (" + usable + " of them for posts: the rest is kept for the site's reserve)"
                : "",
            floor);
        release("posting paused");
      } else if (!nowPaused && paused) {
        paused = false;
        log.info("{} has room again ({} bytes free): posting resumes", dir, free);
      }
      if (tend && !paused && missing > 0 && usable >= floor) {
        write();
      }
      return usable;
    }
  }

  /** The free bytes of the disk, or -1 (logged once per change) when they cannot be read. */
  private long free() {
    try {
      long free = store.getUsableSpace();
      if (unreadable) {
        unreadable = false;
        log.info("the free space of {} can be read again ({} bytes free)", dir, free);
      }
      return free;
    } catch (IOException e) {
      if (!unreadable) {
        unreadable = true;
        log.warn("cannot read the free space of {}; taking mail unchecked until it can", dir, e);
      }
      return -1;
    }
  }

  /**
   * Writes the reserve up to {@link #RESERVE_BYTES}, appending to what there is of it, until it is
   * whole or the disk is full; what was written stays (its bytes on disk).
   */
  private void write() {
    try (FileChannel ch =
            FileChannel.open(
                reserve,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
      byte[] zeros = new byte[4096];
      try {
        for (long n = ch.size(); n < RESERVE_BYTES; n += zeros.length) {
          // written, not sparse: the bytes must be the disk's
          out.write(zeros, 0, (int) Math.min(zeros.length, RESERVE_BYTES - n));
        }
      } finally {
        reserveSize = ch.size();
        try {
          ch.force(true);
        } catch (IOException e) {
          log.debug("cannot sync the reserve {}: {}", reserve, e.toString());
        }
      }
    } catch (IOException e) {
      log.debug("cannot write the whole reserve {} yet: {}", reserve, e.toString());
    }
  }

  /** Writes the reserve now if there is room (a site, as it opens). */
  public void keepReserve() {
    check();
  }

  /**
   * Keeps in the reserve what the stopping site gave back: called after its store closed, which
   * removed SQLite's {@code -wal} and {@code -shm} files. The next start needs that room again to
   * open the store, and on a full disk something else may take it meanwhile; in the reserve it
   * waits for that start, which releases it (up to {@link #RESERVE_BYTES}; nothing when whole).
   */
  public void keepWhatIsFree() {
    if (reserve == null) {
      return;
    }
    synchronized (lock) {
      if (reserveSize < RESERVE_BYTES) {
        write();
      }
    }
  }

  /**
   * Whether {@code e} says the disk is full: SQLite's {@code SQLITE_FULL}, or the operating
   * system's "No space left on device" (ENOSPC) from a file write, here or in any cause.
   */
  public static boolean full(Throwable e) {
    return DiskFull.in(e);
  }

  /** The data directory and its free space, for a log line ("/srv/parley (1234 bytes free)"). */
  public String describe() {
    try {
      return dir + " (" + store.getUsableSpace() + " bytes free)";
    } catch (IOException e) {
      return dir + " (free space unreadable: " + e.getMessage() + ")";
    }
  }

  /** The failure's first line, at most 200 characters (SQLite's carry the whole statement). */
  private static String oneLine(Throwable e) {
    String s = String.valueOf(e);
    int nl = s.indexOf('\n');
    s = nl < 0 ? s : s.substring(0, nl);
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
