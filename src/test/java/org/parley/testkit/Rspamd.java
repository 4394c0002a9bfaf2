package org.parley.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * A private rspamd for tests: Debian's {@code /usr/bin/rspamd} run in the foreground, its normal
 * worker alone on a free port of 127.0.0.1, with a configuration written to a temporary directory.
 * It reads the packaged rules ({@code /etc/rspamd}) but keeps its own run, data and local
 * directories, and turns off what would need the network or redis (RBLs, SPF, DKIM, DMARC, fuzzy
 * hashes, reputation and the like); DNS goes to a closed port, so a look-up fails at once. Loading
 * the rules takes some seconds. {@link #close} stops it and its workers.
 */
public final class Rspamd implements AutoCloseable {
  /** Where Debian's {@code rspamd} package puts the daemon. */
  public static final Path BINARY = Path.of("/usr/bin/rspamd");

  private static final Path PACKAGED = Path.of("/etc/rspamd/common.conf");

  /** The modules that need the network, redis, or a controller worker: none is wanted here. */
  private static final List<String> OFF =
      List.of(
          "rbl",
          "emails",
          "spf",
          "dkim",
          "dmarc",
          "arc",
          "asn",
          "fuzzy_check",
          "phishing",
          "neural",
          "ratelimit",
          "greylist",
          "replies",
          "dcc",
          "url_redirector",
          "mx_check",
          "hfilter",
          "whitelist",
          "dkim_signing",
          "history_redis",
          "metadata_exporter",
          "clickhouse",
          "elastic",
          "reputation",
          "dynamic_conf",
          "p0f",
          "external_services",
          "antivirus",
          "known_senders");

  private final Process process;
  private final int port;
  private final Path log;

  private Rspamd(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Why rspamd cannot run on this machine; empty when it can. */
  public static Optional<String> unavailable() {
    if (!Files.isExecutable(BINARY) || !Files.isRegularFile(PACKAGED)) {
      return Optional.of(
          "rspamd is not installed (Debian: apt-get install rspamd); the test is skipped");
    }
    return Optional.empty();
  }

  /**
   * Starts rspamd with its files under {@code dir} and waits until its worker answers {@code
   * /ping}.
   *
   * @throws IllegalStateException with its log if it stops or does not answer in time
   */
  public static Rspamd start(Path dir) throws IOException {
    Path local = Files.createDirectories(dir.resolve("local"));
    Path override = Files.createDirectories(local.resolve("override.d"));
    Path run = Files.createDirectories(dir.resolve("run"));
    Path db = Files.createDirectories(dir.resolve("db"));
    int port = RelaySink.freePort();
    Path conf = dir.resolve("rspamd.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            ".include \"$CONFDIR/common.conf\"",
            "options {",
            "  pidfile = \"$RUNDIR/rspamd.pid\";",
            "  .include \"$CONFDIR/options.inc\"",
            "  .include(try=true; priority=10) \"$LOCAL_CONFDIR/override.d/options.inc\"",
            "}",
            "logging {",
            "  type = \"console\";",
            "  level = \"warning\";",
            "}",
            "worker \"normal\" {",
            "  bind_socket = \"127.0.0.1:" + port + "\";",
            "  mime = true;",
            "  count = 1;",
            "}",
            ""));
    Files.writeString(
        override.resolve("options.inc"),
        "dns {\n  nameserver = [\"127.0.0.1:9\"];\n  timeout = 0.1s;\n  retransmits = 1;\n}\n");
    for (String module : OFF) {
      Files.writeString(override.resolve(module + ".conf"), "enabled = false;\n");
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-f", "-c", conf.toString()));
    if (ProcessHandle.current().info().user().orElse("").equals("root")) {
      command.addAll(List.of("-u", "root", "-g", "root"));
    }
    for (String var :
        List.of("LOCAL_CONFDIR=" + local, "RUNDIR=" + run, "DBDIR=" + db, "LOGDIR=" + dir)) {
      command.addAll(List.of("--var", var));
    }
    Path log = dir.resolve("rspamd.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Rspamd rspamd = new Rspamd(process, port, log);
    try {
      Awaitility.await("rspamd to answer /ping on port " + port)
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> !process.isAlive() || rspamd.pong());
    } catch (RuntimeException e) {
      rspamd.close();
      throw new IllegalStateException("rspamd did not start:\n" + rspamd.log(), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("rspamd stopped:\n" + rspamd.log());
    }
    return rspamd;
  }

  private boolean pong() {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("pong");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The {@code spam_filter} setting that names this rspamd. */
  public String filterSetting() {
    return "rspamd:http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** What rspamd wrote, for a failing test's message. */
  public String log() {
    return Daemons.log(log);
  }

  /** Stops rspamd and the processes it started. */
  @Override
  public void close() {
    Daemons.stop(process);
  }
}
