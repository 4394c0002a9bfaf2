package org.parley.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * A private SpamAssassin spamd for tests: Debian's {@code /usr/sbin/spamd} (package {@code
 * spamassassin}) in the foreground on a free port of 127.0.0.1, with the packaged rules and a site
 * configuration of its own in a temporary directory that turns off the network tests, Bayes and the
 * auto-welcomelist. {@link #close} stops it and its children.
 */
public final class Spamd implements AutoCloseable {
  /** Where Debian's {@code spamassassin} package puts the daemon. */
  public static final Path BINARY = Path.of("/usr/sbin/spamd");

  private static final Path SITE_CONFIG = Path.of("/etc/spamassassin");

  private final Process process;
  private final int port;
  private final Path log;

  private Spamd(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Why spamd cannot run on this machine; empty when it can. */
  public static Optional<String> unavailable() {
    if (!Files.isExecutable(BINARY) || !Files.isDirectory(SITE_CONFIG)) {
      return Optional.of(
          "spamd is not installed (Debian: apt-get install spamassassin); the test is skipped");
    }
    return Optional.empty();
  }

  /**
   * Starts spamd with its configuration under {@code dir} and waits until it answers {@code PING}.
   *
   * @throws IllegalStateException with its log if it stops or does not answer in time
   */
  public static Spamd start(Path dir) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("spamassassin"));
    // spamd's children run as nobody and read their configuration from here
    for (Path p = conf; p != null && p.startsWith(dir); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    // the packaged .pre files load the plugins; the rules themselves come from /usr/share
    try (DirectoryStream<Path> pre = Files.newDirectoryStream(SITE_CONFIG, "*.pre")) {
      for (Path p : pre) {
        Files.copy(p, conf.resolve(p.getFileName()));
      }
    }
    Files.writeString(
        conf.resolve("local.cf"),
        "use_bayes 0\nskip_rbl_checks 1\ndns_available no\nuse_pyzor 0\nuse_razor2 0\n");
    int port = RelaySink.freePort();
    Path log = dir.resolve("spamd.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--listen=127.0.0.1:" + port,
                "--siteconfigpath=" + conf,
                "--pidfile=" + dir.resolve("spamd.pid"),
                "--max-children=1",
                "--min-children=1",
                "--syslog=stderr",
                "--nouser-config",
                "--local"));
    if (ProcessHandle.current().info().user().orElse("").equals("root")) {
      command.add("--username=nobody");
    }
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Spamd spamd = new Spamd(process, port, log);
    try {
      Awaitility.await("spamd to answer PING on port " + port)
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> !process.isAlive() || spamd.pong());
    } catch (RuntimeException e) {
      spamd.close();
      throw new IllegalStateException("spamd did not start:\n" + spamd.log(), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("spamd stopped:\n" + spamd.log());
    }
    return spamd;
  }

  private boolean pong() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readNBytes(64), StandardCharsets.US_ASCII);
      return answer.contains("PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** The {@code spam_filter} setting that names this spamd. */
  public String filterSetting() {
    return "spamd:127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** What spamd wrote, for a failing test's message. */
  public String log() {
    return Daemons.log(log);
  }

  /** Stops spamd and the processes it started. */
  @Override
  public void close() {
    Daemons.stop(process);
  }
}
