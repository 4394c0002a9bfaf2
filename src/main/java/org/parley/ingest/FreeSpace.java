package org.parley.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room on the data directory's disk for what a new post may bring. Below the floor ({@code
 * min_free_bytes}; by default one and a half times the size limit, as Postfix keeps) no post is
 * taken, and the store keeps room for what is already under way (its commits, checkpoints and
 * jobs). Over SMTP MAIL is answered {@code 452 4.3.1} (RFC 5321 §4.5.3.1.9; with the SIZE the
 * client declared added, RFC 1870): the sender keeps the message and comes back before sending a
 * byte of it, rather than learning at the end of DATA that it could not be stored. Every other path
 * (the web, an import) is refused by the {@link Ingestor}, which answers for the message's own
 * size, with the text kept for another try.
 */
public final class FreeSpace {
  private static final Logger log = LoggerFactory.getLogger(FreeSpace.class);

  private final Path dir;
  private final FileStore store;
  private final long floor;
  private final AtomicBoolean low = new AtomicBoolean();
  private final AtomicBoolean unreadable = new AtomicBoolean();
  private final boolean reported; // false on a file system that reports no sizes at all

  /**
   * @param dir the data directory
   * @param floor the free bytes to keep beyond a declared message size
   */
  public FreeSpace(Path dir, long floor) {
    this.dir = dir;
    this.floor = floor;
    try {
      this.store = Files.getFileStore(dir);
      this.reported = store.getTotalSpace() > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find the disk of " + dir, e);
    }
    if (!reported) {
      log.info(
          "{} is on a file system that reports no free space; min_free_bytes is not checked", dir);
    }
  }

  /**
   * Whether the disk has the floor free beyond {@code declaredSize} (0 when the client declared
   * none). If the free space cannot be read, or the file system reports no sizes at all (some
   * network and virtual ones report 0), the answer is yes: the commit still fails safely (451) if
   * the disk is full.
   *
   * <p>Logs one line when the disk falls under the floor and one when it has room again, and one
   * when its free space cannot be read and one when it can again (RELIABILITY A2): never a line per
   * refusal, and a large declared size that does not fit on a disk above its floor is that
   * message's answer, not a change of the disk's state.
   */
  public boolean enough(long declaredSize) {
    if (!reported) {
      return true;
    }
    long free;
    try {
      free = store.getUsableSpace();
    } catch (IOException e) {
      if (unreadable.compareAndSet(false, true)) {
        log.warn("cannot read the free space of {}; taking mail unchecked until it can", dir, e);
      }
      return true;
    }
    if (unreadable.compareAndSet(true, false)) {
      log.info("the free space of {} can be read again ({} bytes free)", dir, free);
    }
    boolean aboveFloor = free >= floor;
    if (!aboveFloor && low.compareAndSet(false, true)) {
      log.warn(
          "{} has {} bytes free, under the floor of {} (min_free_bytes): new posts are refused"
              + " (SMTP 452, web 503) until there is room",
          dir,
          free,
          floor);
    } else if (aboveFloor && low.compareAndSet(true, false)) {
      log.info("{} has room again ({} bytes free): taking new mail", dir, free);
    }
    long need = floor + Math.max(0, declaredSize);
    if (need < floor) { // past Long.MAX_VALUE
      need = Long.MAX_VALUE;
    }
    return free >= need;
  }

  /** The data directory and its free space, for a log line ("/srv/parley (1234 bytes free)"). */
  public String describe() {
    try {
      return dir + " (" + store.getUsableSpace() + " bytes free)";
    } catch (IOException e) {
      return dir + " (free space unreadable: " + e.getMessage() + ")";
    }
  }
}
