package org.parley.archive;

import java.io.ByteArrayInputStream;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.InflaterInputStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.parley.crypto.Tokens;

/**
 * Content-addressed bytes: raw messages and attachments, each stored once under the hex SHA-256 of
 * its bytes, and never changed.
 *
 * <p>Blobs up to {@link #INLINE_MAX} bytes (nearly every message) live in the database's {@code
 * blobs} table and are written by {@link #putInline} in the same transaction as the post that needs
 * them, so one sync makes a whole group commit durable. Writing each as a file of its own cost two
 * journal commits (the file, then its directory entry) and about a millisecond of kernel time per
 * post, more than everything else the archive does (docs/adr/0006). They are kept deflated where
 * that saves space ({@link Encoded}): a raw message takes about a third of its size on disk.
 * SQLite's own measurements find blobs of this size faster to read and write inside the database
 * than as files.
 *
 * <p>Larger blobs are files ({@code blobs/ab/cd/abcd…}): a write goes to a temporary file, is
 * forced to disk, then renamed into place; the directories it touched are forced with {@link
 * #syncDirectories} so the name survives a crash too.
 */
public final class BlobStore {
  /** The largest blob kept in the database rather than in a file of its own. */
  public static final int INLINE_MAX = 128 * 1024;

  private final Path root;
  private final Path tmp;
  private final Jdbi jdbi;

  public BlobStore(Path root, Jdbi jdbi) {
    this.root = root;
    this.jdbi = jdbi;
    this.tmp = root.resolve("tmp");
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the blob directory " + root, e);
    }
  }

  /** Returns the hex SHA-256 of {@code bytes}: the key a blob is stored under. */
  public static String sha256(byte[] bytes) {
    return Tokens.sha256Hex(bytes);
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

  /**
   * A small blob as the database keeps it: deflated when that makes it at least an eighth smaller
   * (mail is text, and shrinks to about a third), else as it is. Made by {@link #encode} on the
   * caller's thread, so the archive's one committing thread does not spend its time compressing.
   *
   * @param stored the bytes of the row
   * @param encoding null when {@code stored} are the blob's bytes, {@code "deflate"} when they are
   *     zlib's stream of them
   */
  public record Encoded(byte[] stored, String encoding) {}

  private static final String DEFLATE = "deflate";

  /** The form in which the database keeps {@code bytes}. */
  public static Encoded encode(byte[] bytes) {
    if (bytes.length < 256) {
      return new Encoded(bytes, null);
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      int worth = bytes.length - bytes.length / 8;
      byte[] out = new byte[worth];
      int n = 0;
      while (!deflater.finished() && n < out.length) {
        n += deflater.deflate(out, n, out.length - n);
      }
      return deflater.finished()
          ? new Encoded(Arrays.copyOf(out, n), DEFLATE)
          : new Encoded(bytes, null);
    } finally {
      deflater.end();
    }
  }

  /** The blob's bytes from a row's {@code stored} bytes and {@code encoding}. */
  static byte[] decode(byte[] stored, String encoding) throws IOException {
    if (encoding == null) {
      return stored;
    }
    if (!DEFLATE.equals(encoding)) {
      throw new IOException(
          "a blob is stored in an encoding this version does not know: " + encoding);
    }
    try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(stored))) {
      return in.readAllBytes();
    }
  }

  /** Whether {@code bytes} are stored in the database ({@link #putInline}) rather than a file. */
  public static boolean inline(byte[] bytes) {
    return bytes.length <= INLINE_MAX;
  }

  /**
   * Stores small blobs (key to bytes, each {@link #inline}) in the caller's transaction; a key
   * already stored is left as it is (same key, same bytes).
   */
  public void putInline(Handle h, Map<String, byte[]> blobs) {
    Map<String, Encoded> encoded = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : blobs.entrySet()) {
      if (!inline(e.getValue())) {
        throw new IllegalArgumentException("blob " + e.getKey() + " is too large to store inline");
      }
      encoded.put(e.getKey(), encode(e.getValue()));
    }
    putEncoded(h, encoded);
  }

  /**
   * Stores small blobs already in the form the database keeps ({@link #encode}, key to that form)
   * in the caller's transaction; a key already stored is left as it is.
   */
  public void putEncoded(Handle h, Map<String, Encoded> blobs) {
    if (blobs.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO blobs (sha256, bytes, encoding) VALUES (:key, :bytes, :encoding)"
                + " ON CONFLICT (sha256) DO NOTHING");
    for (Map.Entry<String, Encoded> e : blobs.entrySet()) {
      batch
          .bind("key", e.getKey())
          .bind("bytes", e.getValue().stored())
          .bind("encoding", e.getValue().encoding())
          .add();
    }
    batch.execute();
  }

  /** Rows that name a blob, written in the transaction that stores it ({@link #storeWith}). */
  @FunctionalInterface
  public interface Rows<T> {
    /**
     * @param key the blob's key, as {@link #sha256} gives it
     */
    T write(Handle h, String key);
  }

  /**
   * Stores {@code bytes} for the rows {@code rows} writes, in one transaction with them: a blob too
   * large for the database is written and forced first, outside the transaction (no write lock is
   * held over a file's sync); a small one is inserted in the transaction. For the rarer paths that
   * keep bytes one message at a time; the archive keeps its own in group commits.
   *
   * @return what {@code rows} returns, once committed
   * @throws IOException if a large blob cannot be written (nothing is committed)
   */
  public <T> T storeWith(byte[] bytes, Rows<T> rows) throws IOException {
    String key = sha256(bytes);
    if (!inline(bytes)) {
      put(bytes);
      syncDirectories(List.of(key));
    }
    return jdbi.inTransaction(
        h -> {
          if (inline(bytes)) {
            putInline(h, Map.of(key, bytes));
          }
          return rows.write(h, key);
        });
  }

  /** The bytes stored under {@code key}, if there are any (from the database or its file). */
  public Optional<byte[]> find(String key) throws IOException {
    Optional<Encoded> row =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT bytes, encoding FROM blobs WHERE sha256 = :key")
                    .bind("key", key)
                    .map((rs, ctx) -> new Encoded(rs.getBytes(1), rs.getString(2)))
                    .findOne());
    if (row.isPresent()) {
      return Optional.of(decode(row.get().stored(), row.get().encoding()));
    }
    Path file = path(key);
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * The bytes stored under {@code key}, from the database or from its file.
   *
   * @throws java.nio.file.NoSuchFileException if nothing is stored under it
   */
  public byte[] get(String key) throws IOException {
    Optional<byte[]> bytes = find(key);
    if (bytes.isEmpty()) {
      throw new java.nio.file.NoSuchFileException(path(key).toString(), null, "no such blob");
    }
    return bytes.get();
  }

  /**
   * Deletes the blobs {@code keys} within the caller's transaction: their rows, and the files of
   * those kept as files. Blobs are never changed, and deleted only when nothing refers to them any
   * more: the purge of a removed post ({@link RemovedPostPurge}) decides that and calls this. A
   * file is deleted before the transaction commits, so a crash leaves at worst rows that the purge,
   * run again, deletes; a key with neither row nor file is nothing to do.
   */
  void delete(Handle h, Collection<String> keys) throws IOException {
    for (String key : keys) {
      Files.deleteIfExists(path(key));
    }
    if (!keys.isEmpty()) {
      h.createUpdate("DELETE FROM blobs WHERE sha256 IN (<keys>)")
          .bindList("keys", List.copyOf(keys))
          .execute();
    }
  }

  private Path path(String key) {
    if (!key.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a blob key: " + key);
    }
    return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
  }
}
