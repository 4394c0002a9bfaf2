package org.parley.mailauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The site's DKIM keys, kept as files under one directory ({@code <data>/dkim}):
 *
 * <pre>
 * &lt;domain&gt;/&lt;selector&gt;.key   the private key, PKCS#8 PEM, mode 0600
 * &lt;domain&gt;/&lt;selector&gt;.pub   the public key, SubjectPublicKeyInfo PEM
 * &lt;domain&gt;/active           one line per algorithm: "rsa &lt;selector&gt;", "ed25519 &lt;selector&gt;"
 * </pre>
 *
 * <p>Rotation is by selector (RFC 6376 §3.1): a new key is made beside the old one and published in
 * DNS; once its record is out, it is activated and signs from then on; the old key is kept until it
 * is retired, when its record may go too (mail signed with it may still be checked on the way). The
 * first key of an algorithm made for a domain is active at once.
 *
 * <p>A running site reads the files once and notices changes another process (the command line)
 * makes: {@link #active} looks at the domain's directory at most once every {@link #RECHECK} and
 * reads it again when a file in it changed. Methods are safe to call from many threads.
 */
public final class DkimKeys {
  /** How often {@link #active} looks for keys changed on disk. */
  public static final Duration RECHECK = Duration.ofMinutes(1);

  private static final String ACTIVE = "active";
  private static final String NAME =
      "[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*";

  /** One stored key and whether it signs. */
  public record Entry(DkimKey key, boolean active) {}

  private record Snapshot(List<DkimKey> active, String fingerprint, Instant checked) {}

  private final Path root;
  private final Clock clock;
  private final Map<String, Snapshot> snapshots = new HashMap<>();

  /**
   * @param root the directory the keys live under, such as {@code <data>/dkim}; made when the first
   *     key is
   */
  public DkimKeys(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /**
   * The selector a new key gets when none is named: {@code parley-<year>-<month>}, and {@code -ed}
   * after it for an Ed25519 key, so the two keys of a month do not collide.
   */
  public String defaultSelector(DkimAlgorithm algorithm) {
    String month =
        DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC).format(clock.instant());
    return "parley-" + month + (algorithm == DkimAlgorithm.ED25519_SHA256 ? "-ed" : "");
  }

  /**
   * Makes and stores a new key. It is active when {@code activate} is set or when the domain has no
   * active key of this algorithm yet; else it waits as a standby until {@link #activate}.
   *
   * @param bits the RSA key's size (1024 to 4096; 2048 is usual); ignored for Ed25519
   * @throws IllegalArgumentException for a bad domain, selector or size, or a selector that exists
   */
  public synchronized Entry generate(
      String domain, String selector, DkimAlgorithm algorithm, int bits, boolean activate) {
    String d = name(domain, "domain");
    String s = name(selector, "selector");
    if (algorithm == DkimAlgorithm.RSA_SHA256 && (bits < 1024 || bits > 4096)) {
      throw new IllegalArgumentException(
          "an RSA key has 1024 to 4096 bits (2048 is usual), not " + bits);
    }
    Path dir = root.resolve(d);
    if (Files.exists(dir.resolve(s + ".key")) || Files.exists(dir.resolve(s + ".pub"))) {
      throw new IllegalArgumentException(
          "the selector " + s + " already exists for " + d + " (name another with --selector)");
    }
    KeyPair pair;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm.jdkName());
      if (algorithm == DkimAlgorithm.RSA_SHA256) {
        g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
      }
      pair = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make an " + algorithm.keyType() + " key: " + e, e);
    }
    try {
      Files.createDirectories(dir);
      restrict(root);
      restrict(dir);
      Path key = dir.resolve(s + ".key");
      try {
        Files.createFile(
            key,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException noPosix) {
        Files.createFile(key);
      }
      Files.writeString(
          key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(
          dir.resolve(s + ".pub"),
          pem("PUBLIC KEY", pair.getPublic().getEncoded()),
          StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          "the selector " + s + " already exists for " + d + " (name another with --selector)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the key in " + dir + ": " + e.getMessage(), e);
    }
    Map<DkimAlgorithm, String> active = readActive(d);
    boolean makeActive = activate || !active.containsKey(algorithm);
    if (makeActive) {
      active.put(algorithm, s);
      writeActive(d, active);
    }
    snapshots.remove(d);
    return new Entry(new DkimKey(d, s, algorithm, pair.getPrivate(), pair.getPublic()), makeActive);
  }

  /** Every stored key of every domain, by domain then selector. */
  public synchronized List<Entry> list() {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    for (Path dir : children(root)) {
      if (Files.isDirectory(dir)) {
        out.addAll(list(dir.getFileName().toString()));
      }
    }
    return out;
  }

  /** The stored keys of {@code domain}, by selector. */
  public synchronized List<Entry> list(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    Path dir = root.resolve(d);
    Map<DkimAlgorithm, String> active = readActive(d);
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    for (Path p : children(dir)) {
      String file = p.getFileName().toString();
      if (file.endsWith(".key")) {
        DkimKey key = read(d, file.substring(0, file.length() - 4));
        out.add(new Entry(key, key.selector().equals(active.get(key.algorithm()))));
      }
    }
    out.sort(Comparator.comparing(e -> e.key().selector()));
    return out;
  }

  /**
   * Makes the key {@code selector} of {@code domain} the one its algorithm signs with; the key it
   * replaces stays, as a standby, until retired.
   *
   * @return the key it replaced, if any
   * @throws IllegalArgumentException when there is no such key
   */
  public synchronized Optional<String> activate(String domain, String selector) {
    DkimKey key = find(domain, selector);
    Map<DkimAlgorithm, String> active = readActive(key.domain());
    String before = active.put(key.algorithm(), key.selector());
    writeActive(key.domain(), active);
    snapshots.remove(key.domain());
    return Optional.ofNullable(before).filter(b -> !b.equals(key.selector()));
  }

  /**
   * Deletes the key {@code selector} of {@code domain}, once no mail is signed with it: its DNS
   * record may then go.
   *
   * @throws IllegalArgumentException when there is no such key, or it is active
   */
  public synchronized void retire(String domain, String selector) {
    DkimKey key = find(domain, selector);
    if (key.selector().equals(readActive(key.domain()).get(key.algorithm()))) {
      throw new IllegalArgumentException(
          "the key "
              + key.selector()
              + " is active for "
              + key.domain()
              + "; activate another "
              + key.algorithm().keyType()
              + " key first");
    }
    Path dir = root.resolve(key.domain());
    try {
      Files.deleteIfExists(dir.resolve(key.selector() + ".key"));
      Files.deleteIfExists(dir.resolve(key.selector() + ".pub"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the key in " + dir + ": " + e.getMessage(), e);
    }
    snapshots.remove(key.domain());
  }

  /**
   * The keys {@code domain} signs with now, one per algorithm (RSA first); empty when it has none.
   * Read again when the domain's files changed, looked at no more often than every {@link
   * #RECHECK}. A key that cannot be read is left out (and the site goes on signing with the rest).
   */
  public synchronized List<DkimKey> active(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    Snapshot s = snapshots.get(d);
    if (s != null && now.isBefore(s.checked().plus(RECHECK))) {
      return s.active();
    }
    String fingerprint = fingerprint(d);
    if (s != null && s.fingerprint().equals(fingerprint)) {
      snapshots.put(d, new Snapshot(s.active(), fingerprint, now));
      return s.active();
    }
    List<DkimKey> keys = new ArrayList<>();
    for (Map.Entry<DkimAlgorithm, String> e : readActive(d).entrySet()) {
      try {
        DkimKey k = read(d, e.getValue());
        if (k.algorithm() == e.getKey()) {
          keys.add(k);
        }
      } catch (RuntimeException unreadable) {
        // left out: the site signs with the others, and `parley dkim list` shows the error
      }
    }
    keys.sort(Comparator.comparing(DkimKey::algorithm));
    List<DkimKey> active = List.copyOf(keys);
    snapshots.put(d, new Snapshot(active, fingerprint, now));
    return active;
  }

  private DkimKey find(String domain, String selector) {
    String d = name(domain, "domain");
    String s = name(selector, "selector");
    if (!Files.exists(root.resolve(d).resolve(s + ".key"))) {
      throw new IllegalArgumentException("no key with the selector " + s + " for " + d);
    }
    return read(d, s);
  }

  /** Reads a stored key pair. */
  private DkimKey read(String domain, String selector) {
    Path dir = root.resolve(domain);
    try {
      byte[] priv =
          unpem(Files.readString(dir.resolve(selector + ".key"), StandardCharsets.US_ASCII));
      byte[] pub =
          unpem(Files.readString(dir.resolve(selector + ".pub"), StandardCharsets.US_ASCII));
      for (DkimAlgorithm a : DkimAlgorithm.values()) {
        try {
          KeyFactory f = KeyFactory.getInstance(a.jdkName());
          PrivateKey privateKey = f.generatePrivate(new PKCS8EncodedKeySpec(priv));
          PublicKey publicKey = f.generatePublic(new X509EncodedKeySpec(pub));
          return new DkimKey(domain, selector, a, privateKey, publicKey);
        } catch (GeneralSecurityException notThisOne) {
          // try the next algorithm
        }
      }
      throw new IllegalStateException(
          "the key " + selector + " of " + domain + " is neither RSA nor Ed25519");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the key " + selector + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  private Map<DkimAlgorithm, String> readActive(String domain) {
    Map<DkimAlgorithm, String> out = new EnumMap<>(DkimAlgorithm.class);
    Path file = root.resolve(domain).resolve(ACTIVE);
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        String[] words = line.strip().split("\\s+");
        if (words.length == 2 && !line.startsWith("#")) {
          out.put(DkimAlgorithm.ofKeyType(words[0]), words[1].toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  private void writeActive(String domain, Map<DkimAlgorithm, String> active) {
    Path dir = root.resolve(domain);
    StringBuilder text =
        new StringBuilder("# the selector each algorithm signs with (parley dkim activate)\n");
    active.forEach((a, s) -> text.append(a.keyType()).append(' ').append(s).append('\n'));
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ACTIVE, ".tmp");
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      try {
        Files.move(
            tmp,
            dir.resolve(ACTIVE),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(ACTIVE), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + dir.resolve(ACTIVE) + ": " + e.getMessage(), e);
    }
  }

  /** The names, sizes and times of the domain's files: what changes when a key is changed. */
  private String fingerprint(String domain) {
    Path dir = root.resolve(domain);
    if (!Files.isDirectory(dir)) {
      return "";
    }
    Map<String, String> files = new TreeMap<>();
    files.put("", readActive(domain).toString()); // a rewrite in the same millisecond shows too
    for (Path p : children(dir)) {
      try {
        files.put(
            p.getFileName().toString(),
            Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      } catch (IOException gone) {
        files.put(p.getFileName().toString(), "gone");
      }
    }
    return files.toString();
  }

  private static List<Path> children(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  private static String name(String value, String what) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (v.endsWith(".")) {
      v = v.substring(0, v.length() - 1);
    }
    if (!v.matches(NAME) || v.length() > 253) {
      throw new IllegalArgumentException(
          "not a valid " + what + ": " + value + " (letters, digits, hyphens and dots)");
    }
    return v;
  }

  /** Makes {@code dir} readable by its owner alone, where the file system has such modes. */
  private static void restrict(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException noPosix) {
      // a file system without modes: the data directory's own protection is all there is
    }
  }

  private static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static byte[] unpem(String text) {
    String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}
