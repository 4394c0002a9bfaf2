package org.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 14: {@code parley serve}, run as a process of its own, either starts whole or ends
 * with status 1 and one line, leaving nothing listening: a web port already taken, or an
 * out-of-memory error while the web server is built (its password hash), once the SMTP listener
 * already listens.
 */
class ServeStartFailureIT {
  @TempDir Path tmp;
  Process serve;

  @AfterEach
  void kill() {
    if (serve != null && serve.isAlive()) {
      serve.destroyForcibly();
    }
  }

  record Ended(int status, List<String> out, List<String> err) {}

  private Ended serve(String heap, int webPort, int smtpPort, int lmtpPort) throws Exception {
    Path data = Files.createDirectories(tmp.resolve("site"));
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                "org.parley.Parley",
                "serve",
                "--data",
                data.toString())
            .redirectOutput(tmp.resolve("serve.out").toFile())
            .redirectError(tmp.resolve("serve.err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
    pb.environment().put("PARLEY_WEB_PORT", Integer.toString(webPort));
    pb.environment().put("PARLEY_SMTP_PORT", Integer.toString(smtpPort));
    pb.environment().put("PARLEY_LMTP_PORT", Integer.toString(lmtpPort));
    serve = pb.start();
    boolean ended = serve.waitFor(90, TimeUnit.SECONDS);
    List<String> out = Files.readAllLines(tmp.resolve("serve.out"));
    List<String> err = Files.readAllLines(tmp.resolve("serve.err"));
    assertThat(ended).as("parley serve is still running; its output:\n%s\n%s", out, err).isTrue();
    return new Ended(serve.exitValue(), out, err);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void nothingListensOn(int port) {
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .as("port %d", port)
        .isInstanceOf(ConnectException.class);
  }

  /** The lines a person is told: Parley's own, not the log's. */
  private static List<String> told(Ended e) {
    return e.err().stream().filter(l -> l.startsWith("parley: ")).toList();
  }

  @Test
  void item14AWebPortAlreadyTakenEndsServeWithOneLineAndNothingListening() throws Exception {
    int smtp = freePort();
    int lmtp = freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Ended e = serve("-Xmx256m", taken.getLocalPort(), smtp, lmtp);

      assertThat(e.status()).isEqualTo(1);
      assertThat(told(e))
          .as("stderr: %s", e.err())
          .containsExactly(
              "parley: the web listener cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + " (Address already in use); free it or set web_port");
      assertThat(e.err()).noneMatch(l -> l.startsWith("\tat "));
      assertThat(e.out()).noneMatch(l -> l.startsWith("web:") || l.startsWith("smtp:"));
    }
    nothingListensOn(smtp);
    nothingListensOn(lmtp);
  }

  /**
   * The password hashing (argon2id, 64 MiB) cannot fit a 64 MiB heap. With 128 MiB it failed later,
   * after SMTP listened, and the process stayed alive with no web for ever; here it fails earlier,
   * and used to end with a stack trace.
   */
  @Test
  void item14OutOfMemoryAtStartEndsServeWithOneLineAndNothingListening() throws Exception {
    int web = freePort();
    int smtp = freePort();
    int lmtp = freePort();
    Ended e = serve("-Xmx64m", web, smtp, lmtp);

    assertThat(e.status()).as("stderr: %s", e.err()).isEqualTo(1);
    assertThat(told(e))
        .as("stderr: %s", e.err())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("OutOfMemoryError").contains("-Xmx"));
    assertThat(e.out()).noneMatch(l -> l.startsWith("web:"));
    nothingListensOn(web);
    nothingListensOn(smtp);
    nothingListensOn(lmtp);
  }
}
