package org.parley.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parley serve} as a process of its own (the java and class path of this JVM), on free
 * ports, so a test can kill it with SIGKILL as a power cut or the OOM killer would, and start it
 * again on the same data directory. What it writes to stderr goes to a log file the caller names.
 */
public final class ServeProcess implements AutoCloseable {
  private static final Pattern SMTP_READY = Pattern.compile("^smtp: [^:]+:(\\d+)$");
  private static final Pattern WEB_READY = Pattern.compile("^web: .*:(\\d+)/?$");

  private final Process process;
  private final Path log;
  private final int smtpPort;
  private final int webPort;

  private ServeProcess(Process process, Path log, int smtpPort, int webPort) {
    this.process = process;
    this.log = log;
    this.smtpPort = smtpPort;
    this.webPort = webPort;
  }

  /**
   * Starts {@code parley serve --data data} with no {@code PARLEY_*} setting of this process's
   * environment but ports 0, no limit on how often one sender posts, and {@code env} on top;
   * returns once it has announced its SMTP port, or fails with the log's text.
   */
  public static ServeProcess start(Path data, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    return tryStart(data, env, log, Duration.ofSeconds(120))
        .orElseThrow(
            () -> new IllegalStateException("parley serve did not get ready: " + read(log)));
  }

  /**
   * As {@link #start}, but a site that stops or does not announce its ports within {@code limit} is
   * stopped (SIGKILL) and answered empty, for a test that records whether it could start.
   */
  public static Optional<ServeProcess> tryStart(
      Path data, Map<String, String> env, Path log, Duration limit)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // it is started many times over: start quickly (the C1 compiler only, one GC
                // thread) rather than run fastest
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "org.parley.Parley",
                "serve",
                "--data",
                data.toString())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    pb.environment().put("PARLEY_SMTP_PORT", "0");
    pb.environment().put("PARLEY_WEB_PORT", "0");
    // no DNS look-ups about senders: the tests of sender authentication turn it on
    pb.environment().put("PARLEY_SENDER_AUTH", "off");
    // clients here post hundreds of messages in moments: no storm brake (sender-rate)
    pb.environment().put("PARLEY_SENDER_POSTS_PER_HOUR", "0");
    pb.environment().put("PARLEY_SENDER_POSTS_PER_MINUTE", "0");
    pb.environment().putAll(env);
    Process p = pb.start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process is gone
              }
            });
    long deadline = System.nanoTime() + limit.toNanos();
    int web = -1;
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        Matcher w = WEB_READY.matcher(line);
        if (w.matches()) {
          web = Integer.parseInt(w.group(1));
        }
        Matcher m = SMTP_READY.matcher(line);
        if (m.matches()) {
          return Optional.of(new ServeProcess(p, log, Integer.parseInt(m.group(1)), web));
        }
      } else if (!p.isAlive()) {
        break;
      }
    }
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    return Optional.empty();
  }

  public int smtpPort() {
    return smtpPort;
  }

  /** The web server's base, {@code http://127.0.0.1:port}. */
  public String web() {
    return "http://127.0.0.1:" + webPort;
  }

  /** Kills the process with SIGKILL and returns its exit status once it is gone (137). */
  public int kill9() throws InterruptedException {
    process.destroyForcibly();
    return exit();
  }

  /** Stops the process with SIGTERM, an orderly stop, and returns its exit status (143). */
  public int stop() throws InterruptedException {
    process.destroy();
    return exit();
  }

  private int exit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("parley serve did not end: " + log());
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the process wrote to stderr so far. */
  public String log() {
    return read(log);
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no output)";
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
