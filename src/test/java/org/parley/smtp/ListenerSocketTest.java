package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenerSocketTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Replies to pipelined commands must not wait for the client's delayed ACK (Nagle). */
  @Test
  void acceptedConnectionsSendEachWriteAtOnce() throws Exception {
    try (ListenerSocket server = new ListenerSocket("lists.test", 50)) {
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
    try (ListenerSocket server = new ListenerSocket("lists.test", 2)) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
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
}
