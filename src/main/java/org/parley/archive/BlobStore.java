package org.parley.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * Content-addressed files: raw messages and attachments, each stored once under the hex SHA-256 of
 * its bytes ({@code blobs/ab/cd/abcd…}). A write goes to a temporary file, is forced to disk, then
 * renamed into place; the directories it touched are forced with {@link #syncDirectories} so the
 * name survives a crash too. Callers that write many blobs at once (group commit) write them all,
 * then force the directories once.
 */
public final class BlobStore {
  private final Path root;
  private final Path tmp;

  public BlobStore(Path root) {
    this.root = root;
    this.tmp = root.resolve("tmp");
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the blob directory " + root, e);
    }
  }

  /** Returns the hex SHA-256 of {@code bytes}: the key a blob is stored under. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stores {@code bytes} durably (file content forced) unless already present, and returns its key.
   * The caller must then {@link #syncDirectories} the returned key's directory before it treats the
   * blob as committed.
   */
  public String put(byte[] bytes) throws IOException {
    String key = sha256(bytes);
    Path target = path(key);
    if (Files.exists(target)) {
      return key;
    }
    ensureDirectory(target.getParent());
    Path temp = Files.createTempFile(tmp, "put-", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        if (!Files.exists(target)) {
          throw e;
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return key;
  }

  /** Stores one blob and forces its directory: for callers that write a single blob. */
  public String putDurably(byte[] bytes) throws IOException {
    String key = put(bytes);
    syncDirectories(Set.of(key));
    return key;
  }

  /** Forces the directory entries of the given keys' files to disk. */
  public void syncDirectories(Collection<String> keys) throws IOException {
    Set<Path> dirs = new TreeSet<>();
    for (String key : keys) {
      dirs.add(path(key).getParent());
    }
    for (Path dir : dirs) {
      force(dir);
    }
  }

  /**
   * Creates the leaf directory {@code dir} (and its parent) if missing, forcing each new entry's
   * directory at once; that happens at most once per directory, so the common case of storing a
   * blob needs only its own file and its leaf directory forced.
   */
  private void ensureDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent);
      force(root);
    }
    Files.createDirectories(dir);
    force(parent);
  }

  private static void force(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** The bytes stored under {@code key}. */
  public byte[] get(String key) throws IOException {
    return Files.readAllBytes(path(key));
  }

  public boolean exists(String key) {
    return Files.exists(path(key));
  }

  private Path path(String key) {
    if (!key.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a blob key: " + key);
    }
    return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
  }
}
