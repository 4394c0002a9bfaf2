package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelayServerSocketTest {
  /** Replies to pipelined commands must not wait for the client's delayed ACK (Nagle). */
  @Test
  void acceptedConnectionsSendEachWriteAtOnce() throws Exception {
    try (NoDelayServerSocket server = new NoDelayServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
          Socket accepted = server.accept()) {
        assertThat(client.getTcpNoDelay()).isFalse(); // the default, which the server must not keep
        assertThat(accepted.getTcpNoDelay()).isTrue();
      }
    }
  }
}
