package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Settings;
import org.parley.app.SettingsException;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Copies through a smarthost that takes mail as commercial ones do: STARTTLS required, then SMTP
 * AUTH. A real SubEthaSMTP server with a certificate made for {@code localhost} by the JDK's
 * keytool. The relay fails closed: a certificate for another name, one nobody vouches for, a server
 * without STARTTLS or a wrong password gets no copy (the copy waits and is retried).
 */
class RelayTlsIT {
  @TempDir static Path keys;
  static Path keystore;
  static Path cert;
  static final String SECRET = "s3cret:with@odd/chars";

  SMTPServer server;
  final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void makeCertificate() throws Exception {
    keystore = keys.resolve("relay.p12");
    cert = keys.resolve("relay.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "relay",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "relay",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        cert.toString());
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** A smarthost on 127.0.0.1 that requires STARTTLS and AUTH, or (tls false) offers neither. */
  int startServer(boolean tls) throws Exception {
    return startServer(tls ? Mode.STARTTLS : Mode.PLAIN);
  }

  enum Mode {
    PLAIN,
    STARTTLS,
    IMPLICIT
  }

  static SSLContext serverContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /**
   * A smarthost on 127.0.0.1: plain, STARTTLS required, or TLS from the first byte; AUTH with TLS.
   */
  int startServer(Mode mode) throws Exception {
    SMTPServer.Builder b =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .executorService(Executors.newVirtualThreadPerTaskExecutor())
            .messageHandlerFactory(
                ctx ->
                    new MessageHandler() {
                      @Override
                      public void from(String from) {}

                      @Override
                      public void recipient(String recipient) {}

                      @Override
                      public String data(InputStream in) throws IOException {
                        received.add(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                        return null;
                      }

                      @Override
                      public void done() {}
                    });
    if (mode == Mode.IMPLICIT) {
      SSLContext context = serverContext();
      b.serverSocketFactory(() -> context.getServerSocketFactory().createServerSocket());
    } else if (mode == Mode.STARTTLS) {
      b.startTlsSocketFactory(serverContext()).requireTLS();
    }
    if (mode != Mode.PLAIN) {
      b.authenticationHandlerFactory(
              new EasyAuthenticationHandlerFactory(
                  (user, password, ctx) -> {
                    if (!user.equals("parley") || !password.equals(SECRET)) {
                      throw new LoginFailedException();
                    }
                  }))
          .requireAuth();
    }
    server = b.build();
    server.start();
    return server.getPortAllocated();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  static byte[] copy() {
    return "From: ada@example.com\r\nSubject: hi\r\n\r\nHello.\r\n"
        .getBytes(StandardCharsets.US_ASCII);
  }

  void send(String url, String password, String caFile) throws RelayException {
    try (SmtpRelay relay =
        new SmtpRelay(
            RelayEndpoint.parse(url, password, caFile),
            "lists.test",
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            1)) {
      relay.send("news-bounces@lists.test", List.of("grace@example.com"), copy());
    }
  }

  @Test
  void aCopyGoesThroughStartTlsAndAuthToTheNamedHost() throws Exception {
    int port = startServer(true);
    send("smtp+starttls://parley@localhost:" + port, SECRET, cert.toString());
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).contains("Hello.");
  }

  @Test
  void aCopyGoesThroughTlsFromTheFirstByte() throws Exception {
    int port = startServer(Mode.IMPLICIT);
    send("smtps://parley@localhost:" + port, SECRET, cert.toString());
    assertThat(received).hasSize(1);
    assertThatThrownBy(() -> send("smtps://parley@127.0.0.1:" + port, SECRET, cert.toString()))
        .isInstanceOf(RelayException.class);
    assertThat(received).hasSize(1);
  }

  @Test
  void theRelayFailsClosed() throws Exception {
    int port = startServer(true);
    String pem = cert.toString();
    // the certificate is for localhost, not for the address
    assertThatThrownBy(() -> send("smtp+starttls://parley@127.0.0.1:" + port, SECRET, pem))
        .isInstanceOf(RelayException.class);
    // nobody the JVM trusts vouches for it
    assertThatThrownBy(() -> send("smtp+starttls://parley@localhost:" + port, SECRET, ""))
        .isInstanceOf(RelayException.class);
    // the wrong password
    assertThatThrownBy(() -> send("smtp+starttls://parley@localhost:" + port, "guess", pem))
        .isInstanceOf(RelayException.class);
    assertThat(received).isEmpty();

    // a server that offers no STARTTLS gets nothing in the clear
    server.stop();
    int plain = startServer(false);
    assertThatThrownBy(() -> send("smtp+starttls://parley@localhost:" + plain, SECRET, pem))
        .isInstanceOf(RelayException.class);
    assertThat(received).isEmpty();
  }

  @Test
  void theSettingSaysWhatIsWrongAndNeverShowsThePassword(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                Settings.load(
                    dir, Map.of("PARLEY_RELAY", "smtp://parley:" + SECRET + "@relay.example")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("never sent in the clear")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(
            () -> Settings.load(dir, Map.of("PARLEY_RELAY", "smtpx://x:pw@relay.example")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("relay:")
        .hasMessageNotContaining("pw@");
    Settings s =
        Settings.load(
            dir,
            Map.of(
                "PARLEY_RELAY",
                "smtp+starttls://parley@smtp.example.net",
                "PARLEY_RELAY_PASSWORD",
                SECRET));
    RelayEndpoint relay = s.relay().orElseThrow();
    assertThat(relay.port()).isEqualTo(587);
    assertThat(relay.password()).contains(SECRET);
    assertThat(relay.toString()).isEqualTo("smtp+starttls://parley@smtp.example.net:587");
    assertThat(s.toString()).doesNotContain(SECRET);
    assertThat(
            Settings.load(dir, Map.of("PARLEY_RELAY", "smtps://a%40b.example:p%2Bw@mail.example"))
                .relay()
                .orElseThrow())
        .satisfies(
            r -> {
              assertThat(r.port()).isEqualTo(465);
              assertThat(r.user()).contains("a@b.example");
              assertThat(r.password()).contains("p+w");
            });
  }
}
