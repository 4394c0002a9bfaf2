package org.parley.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.parley.db.Database;

/**
 * A whole site's backup and its restore ({@code parley backup}, {@code parley restore}).
 *
 * <p>A backup is a directory that holds what a data directory holds, less what is derived:
 *
 * <ul>
 *   <li>{@code parley.db}: a consistent snapshot of the SQLite store ({@link Database#snapshot},
 *       {@code VACUUM INTO}), taken while the site runs and writes; it holds every row, and every
 *       blob small enough to live in the store (nearly every message);
 *   <li>{@code blobs/}: the larger raw messages and attachments, each a file named by the SHA-256
 *       of its bytes. They are copied after the snapshot, which is safe because a blob is written
 *       and forced before any row names it, and never changed: every blob the snapshot names is
 *       there to copy (blobs newer than the snapshot come along too, unused, and the site's purge
 *       of unused blobs deletes them in time);
 *   <li>{@code parley.conf}: the site's settings file, when it has one;
 *   <li>{@code dkim/}: the keys that sign the site's mail ({@code mailauth/DkimKeys}), when it has
 *       any, with their file modes, so a restored site signs with the keys its DNS publishes.
 * </ul>
 *
 * Not in it: the search index ({@code index/}), rebuilt from the archive when the restored site
 * starts; the store's WAL files (the snapshot has none); and settings given as {@code PARLEY_*}
 * environment variables, which belong to the service that runs the site.
 *
 * <p>On PostgreSQL the database is backed up with {@code pg_dump} and only the blob files and
 * settings here ({@code --blobs-only}); a backup of files alone that claimed to be whole would be
 * worse than none, so a full backup is refused there.
 */
public final class SiteBackup {
  /** The store's file in a data directory and in a backup. */
  public static final String DB_FILE = "parley.db";

  /** The blob files' directory in a data directory and in a backup. */
  public static final String BLOBS = "blobs";

  /** The DKIM keys' directory in a data directory and in a backup. */
  public static final String DKIM = "dkim";

  /** What a backup or restore did, for its one line of summary. */
  public record Summary(
      boolean database, long blobFiles, long blobBytes, boolean settings, boolean dkimKeys) {
    public String describe() {
      return (database ? "the database, " : "")
          + blobFiles
          + " blob file(s) ("
          + blobBytes
          + " bytes)"
          + (settings ? ", " + Settings.CONF_FILE : ", no " + Settings.CONF_FILE)
          + (dkimKeys ? ", the DKIM keys" : "");
    }
  }

  private SiteBackup() {}

  /** Whether the site's store is PostgreSQL, which {@code pg_dump} backs up. */
  public static boolean onPostgres(Settings settings) {
    String db = settings.db();
    return db != null && !db.isEmpty() && !db.startsWith("jdbc:sqlite:");
  }

  /**
   * Writes a backup of the site {@code settings} describe into {@code target}, a directory that
   * must not exist or be empty. With {@code blobsOnly}, the database is left out (PostgreSQL's is
   * pg_dump's to back up).
   *
   * @throws IllegalStateException with one line of why: the target is not empty, or a full backup
   *     was asked of a PostgreSQL site
   */
  public static Summary backup(Settings settings, Path target, boolean blobsOnly)
      throws IOException {
    if (!blobsOnly && onPostgres(settings)) {
      throw new IllegalStateException(
          "this site's database is PostgreSQL: back it up with pg_dump, and the blob files and"
              + " settings with: parley backup --blobs-only -o DIR");
    }
    requireEmpty(target, "the backup's directory");
    Files.createDirectories(target);
    try {
      boolean database = false;
      if (!blobsOnly) {
        try (Database db = Database.open(settings.db(), settings.dataDir())) {
          db.snapshot(target.resolve(DB_FILE));
        }
        database = true;
      }
      long[] copied = copyBlobs(settings.dataDir().resolve(BLOBS), target.resolve(BLOBS));
      boolean conf = copyIfPresent(settings.dataDir(), target, Settings.CONF_FILE);
      boolean keys = copyTree(settings.dataDir().resolve(DKIM), target.resolve(DKIM));
      return new Summary(database, copied[0], copied[1], conf, keys);
    } catch (IOException | RuntimeException e) {
      // the directory was empty: leave it so, not half a backup that looks whole, and free to use
      // again once the cause (a full disk, most often) is mended
      emptyQuietly(target, e);
      throw e;
    }
  }

  /** Deletes what is inside {@code dir}, adding what cannot be deleted to {@code failure}. */
  private static void emptyQuietly(Path dir, Exception failure) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Restores the backup in {@code from} into {@code dataDir}, which must not exist or be empty,
   * then opens its store once, so that a backup taken by an older Parley is migrated now and a
   * damaged one is found now rather than when the site starts. The site started on {@code dataDir}
   * rebuilds its search index.
   *
   * @throws IllegalStateException with one line of why: {@code from} is not a backup, or {@code
   *     dataDir} is not empty
   */
  public static Summary restore(Path from, Path dataDir) throws IOException {
    if (!Files.isRegularFile(from.resolve(DB_FILE))) {
      throw new IllegalStateException(
          from
              + " is not a Parley backup (it has no "
              + DB_FILE
              + "; make one with parley backup)");
    }
    requireEmpty(dataDir, "the data directory");
    Files.createDirectories(dataDir);
    Path db = dataDir.resolve(DB_FILE);
    Path partial = dataDir.resolve(DB_FILE + ".restoring");
    Files.copy(from.resolve(DB_FILE), partial);
    long[] copied = copyBlobs(from.resolve(BLOBS), dataDir.resolve(BLOBS));
    boolean conf = copyIfPresent(from, dataDir, Settings.CONF_FILE);
    boolean keys = copyTree(from.resolve(DKIM), dataDir.resolve(DKIM));
    // the store's file comes last, so a restore cut short leaves no data directory that opens
    Files.move(partial, db, StandardCopyOption.ATOMIC_MOVE);
    try (Database opened = Database.open("", dataDir)) {
      opened.jdbi().useHandle(h -> h.execute("SELECT 1"));
    }
    return new Summary(true, copied[0], copied[1], conf, keys);
  }

  private static void requireEmpty(Path dir, String what) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalStateException(what + " " + dir + " is a file, not a directory");
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalStateException(
              what + " " + dir + " is not empty: name a new or empty directory");
        }
      }
    }
  }

  /**
   * Copies every blob file under {@code from} (leaving out its {@code tmp/} of writes under way) to
   * the same place under {@code to}; returns how many files and bytes. A file that disappears while
   * it is copied was unused (only the purge of unused blobs deletes one) and is skipped.
   */
  private static long[] copyBlobs(Path from, Path to) throws IOException {
    long[] counts = new long[2];
    if (!Files.isDirectory(from)) {
      return counts;
    }
    Path tmp = from.resolve("tmp");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(p -> !p.startsWith(tmp)).filter(Files::isRegularFile).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path file : files) {
      Path target = to.resolve(from.relativize(file).toString());
      Files.createDirectories(target.getParent());
      try {
        Files.copy(file, target);
        counts[0]++;
        counts[1] += Files.size(target);
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        // deleted meanwhile as unused, or listed twice: nothing to copy
      }
    }
    return counts;
  }

  /**
   * Copies the directory {@code from}, when there is one, to {@code to} with every file's and
   * directory's attributes (a private key stays readable by its owner alone); whether it copied a
   * file.
   */
  private static boolean copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return false;
    }
    boolean any = false;
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = walk.toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path p : paths) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
        try {
          Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
        } catch (UnsupportedOperationException noPosix) {
          // a file system without modes: nothing to keep
        }
      } else if (Files.isRegularFile(p)) {
        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        any = true;
      }
    }
    return any;
  }

  private static boolean copyIfPresent(Path from, Path to, String name) throws IOException {
    Path file = from.resolve(name);
    if (!Files.isRegularFile(file)) {
      return false;
    }
    Files.copy(file, to.resolve(name));
    return true;
  }
}
