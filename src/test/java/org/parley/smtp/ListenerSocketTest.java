package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenerSocketTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Replies to pipelined commands must not wait for the client's delayed ACK (Nagle). */
  @Test
  void acceptedConnectionsSendEachWriteAtOnce() throws Exception {
    try (ListenerSocket server = new ListenerSocket("lists.test", 50, 1000, true)) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      try (Socket client = new Socket(LOOPBACK, server.getLocalPort());
          Socket accepted = server.accept()) {
        assertThat(client.getTcpNoDelay()).isFalse(); // the default, which the server must not keep
        assertThat(accepted.getTcpNoDelay()).isTrue();
      }
    }
  }

  /**
   * One address holds at most its share: one more connection is told 421 and closed, and a closed
   * connection gives its place back.
   */
  @Test
  void oneAddressHoldsAtMostItsShareAndAClosedConnectionGivesItsPlaceBack() throws Exception {
    try (ListenerSocket server = new ListenerSocket("lists.test", 2, 1000, true)) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      LinkedBlockingQueue<Socket> accepted = acceptAll(server);
      int port = server.getLocalPort();
      try (Socket one = new Socket(LOOPBACK, port);
          Socket two = new Socket(LOOPBACK, port);
          Socket three = new Socket(LOOPBACK, port)) {
        Socket first = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(accepted.poll(10, TimeUnit.SECONDS)).isNotNull();
        three.setSoTimeout(10_000);
        BufferedReader refused =
            new BufferedReader(
                new InputStreamReader(three.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(refused.readLine())
            .startsWith("421 4.7.0 lists.test")
            .contains("Too many connections");
        assertThat(refused.readLine()).as("closed after the refusal").isNull();
        assertThat(accepted).isEmpty();
        assertThat(server.connections(LOOPBACK)).isEqualTo(2);

        first.close();
        assertThat(server.connections(LOOPBACK)).isEqualTo(1);
        try (Socket four = new Socket(LOOPBACK, port)) {
          assertThat(accepted.poll(10, TimeUnit.SECONDS)).as("the place given back").isNotNull();
          assertThat(server.connections(LOOPBACK)).isEqualTo(2);
        }
      }
    }
  }

  /** Accepts every connection on a thread of its own into {@code accepted}. */
  private static LinkedBlockingQueue<Socket> acceptAll(ListenerSocket server) {
    LinkedBlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                while (true) {
                  accepted.add(server.accept());
                }
              } catch (java.io.IOException e) {
                // closed
              }
            });
    return accepted;
  }

  /** Reads up to and with the next line feed. */
  private static String line(InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      b.append((char) c);
      if (c == '\n') {
        break;
      }
    }
    return b.toString();
  }

  /** Reads until the stream ends, returning how many bytes came. */
  private static long drain(InputStream in) throws java.io.IOException {
    byte[] buf = new byte[4096];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
    }
    return total;
  }

  /**
   * A request sent faster than the minimum rate may take as long as it needs; one that drips, even
   * in whole lines, is cut off when its time is up, though no single read waited that long.
   */
  @Test
  void aRequestMustKeepUpTheMinimumRateHoweverOftenItsBytesCome() throws Exception {
    try (ListenerSocket server = new ListenerSocket("lists.test", 50, 1000, true)) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      LinkedBlockingQueue<Socket> accepted = acceptAll(server);
      try (Socket steady = new Socket(LOOPBACK, server.getLocalPort());
          Socket dripping = new Socket(LOOPBACK, server.getLocalPort())) {
        Socket forSteady = accepted.poll(10, TimeUnit.SECONDS);
        Socket forDripping = accepted.poll(10, TimeUnit.SECONDS);
        forSteady.setSoTimeout(500); // as the session sets its timeout
        forDripping.setSoTimeout(500);

        // a message at 10 KB/s, three times as long as the timeout
        byte[] chunk = "0123456789".repeat(100).getBytes(StandardCharsets.US_ASCII);
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (steady) {
                    for (int i = 0; i < 15; i++) {
                      steady.getOutputStream().write(chunk);
                      Thread.sleep(100); // a slow client: the time passing is the point
                    }
                  } catch (Exception e) {
                    // the test counts what came
                  }
                });
        assertThat(drain(forSteady.getInputStream())).isEqualTo(15L * chunk.length);

        // a line of 3 bytes every 100 ms: 30 bytes a second
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < 100; i++) {
                      dripping.getOutputStream().write("X\r\n".getBytes(StandardCharsets.US_ASCII));
                      Thread.sleep(100); // a client dripping bytes: the time passing is the point
                    }
                  } catch (Exception e) {
                    // cut off, as it should be
                  }
                });
        InputStream fromDripping = forDripping.getInputStream();
        long start = System.nanoTime();
        assertThatThrownBy(() -> drain(fromDripping)).isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("cut off long before the client would have finished its 10 s of lines")
            .isLessThan(Duration.ofSeconds(8));
      }
    }
  }

  /** The time the server takes to answer does not count against the client's next request. */
  @Test
  void eachReplyGivesTheClientTheWholeTimeoutAgain() throws Exception {
    try (ListenerSocket server = new ListenerSocket("lists.test", 50, 1000, true)) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      LinkedBlockingQueue<Socket> accepted = acceptAll(server);
      try (Socket client = new Socket(LOOPBACK, server.getLocalPort())) {
        Socket session = accepted.poll(10, TimeUnit.SECONDS);
        session.setSoTimeout(400);
        InputStream in = session.getInputStream();
        java.io.OutputStream out = session.getOutputStream();
        client
            .getOutputStream()
            .write("MAIL FROM:<a@example.com>\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(line(in)).startsWith("MAIL");
        Thread.sleep(600); // the server is slow to answer: longer than the timeout, on purpose
        out.write("250 Ok\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(line(client.getInputStream())).isEqualTo("250 Ok\r\n");
        Thread.sleep(200); // and the client takes its time too: 800 ms in all, twice the timeout
        client
            .getOutputStream()
            .write("RCPT TO:<news@lists.test>\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(line(in)).startsWith("RCPT");
      }
    }
  }

  /**
   * With three quarters of the places taken, a request must come within the short timeout however
   * long the session's own is, even on a connection that was already waiting when the stress began;
   * the stress ends when fewer than half are taken.
   */
  @Test
  void underStressALineHasTheShortTimeout() throws Exception {
    try (ListenerSocket server =
        new ListenerSocket("lists.test", 50, 4, true, Duration.ofMillis(300))) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      LinkedBlockingQueue<Socket> accepted = acceptAll(server);
      int port = server.getLocalPort();
      try (Socket one = new Socket(LOOPBACK, port);
          Socket two = new Socket(LOOPBACK, port)) {
        Socket first = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(accepted.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(server.stressed()).isFalse();
        first.setSoTimeout(60_000); // the session's usual timeout
        LinkedBlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    outcome.add(first.getInputStream().read());
                  } catch (Exception e) {
                    outcome.add(e);
                  }
                });
        // the read is waiting, with the usual timeout: longer than the short one (300 ms) passes
        // without an outcome, on purpose
        Thread.sleep(500);
        assertThat(outcome).isEmpty();

        Socket third;
        try (Socket three = new Socket(LOOPBACK, port)) {
          third = accepted.poll(10, TimeUnit.SECONDS);
          assertThat(server.stressed()).isTrue();
          assertThat(outcome.poll(30, TimeUnit.SECONDS))
              .as("the waiting read ends long before its usual 60 s")
              .isInstanceOf(SocketTimeoutException.class);
        }
        third.close();
        assertThat(server.stressed()).as("half of the places taken").isTrue();
        first.close();
        assertThat(server.stressed()).as("fewer than half").isFalse();
      }
    }
  }
}
