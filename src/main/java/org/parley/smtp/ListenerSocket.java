package org.parley.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server socket of our listeners. It does two things to each connection it accepts.
 *
 * <p>It sends each write at once (TCP_NODELAY). SubEthaSMTP writes and flushes each reply on its
 * own. A client that pipelines (RFC 2920) sends MAIL, RCPT and DATA together and reads nothing
 * until it has all three replies; under Nagle's algorithm the second reply waits until the client
 * acknowledges the first, which it delays by up to 40 ms as it has nothing to send. With PIPELINING
 * listed, a bench client that pipelined got 79 posts/s against 458 without it, each message waiting
 * about 45 ms.
 *
 * <p>It keeps one address from holding more than {@code perAddress} connections at once (as
 * Postfix's {@code smtpd_client_connection_count_limit}). A connection over that is answered {@code
 * 421 4.7.0} and closed before the session starts, so one host cannot take every place on the
 * listener and keep other senders out.
 */
final class ListenerSocket extends ServerSocket {
  private static final Logger log = LoggerFactory.getLogger(ListenerSocket.class);

  private final String domain;
  private final int perAddress;
  private final Map<InetAddress, Integer> open = new HashMap<>(); // guarded by itself
  // addresses refused since they last had a place free: logged once, not at every refusal
  private final Set<InetAddress> refused = new HashSet<>(); // guarded by open

  /**
   * @param domain the name the refusal gives
   * @param perAddress the most connections one address may hold at once
   */
  ListenerSocket(String domain, int perAddress) throws IOException {
    super();
    if (perAddress < 1) {
      throw new IllegalArgumentException("perAddress must be at least 1: " + perAddress);
    }
    this.domain = domain;
    this.perAddress = perAddress;
  }

  @Override
  public Socket accept() throws IOException {
    while (true) {
      Counted s = new Counted();
      implAccept(s);
      InetAddress from = s.getInetAddress();
      if (!admit(from)) {
        refuse(s);
        continue;
      }
      s.from = from;
      try {
        s.setTcpNoDelay(true);
      } catch (IOException e) {
        s.close();
        throw e;
      }
      return s;
    }
  }

  /** How many connections {@code from} holds now. */
  int connections(InetAddress from) {
    synchronized (open) {
      return open.getOrDefault(from, 0);
    }
  }

  private boolean admit(InetAddress from) {
    synchronized (open) {
      int n = open.getOrDefault(from, 0);
      if (n >= perAddress) {
        if (refused.add(from)) {
          log.info(
              "refusing connections from {}: it holds {} already (max_connections_per_address)",
              from.getHostAddress(),
              perAddress);
        }
        return false;
      }
      open.put(from, n + 1);
      return true;
    }
  }

  private void release(InetAddress from) {
    synchronized (open) {
      open.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null);
      refused.remove(from);
    }
  }

  private void refuse(Socket s) {
    try (s) {
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("421 4.7.0 "
                  + domain
                  + " Too many connections from your address; please try again later\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // it is gone already: nothing more to tell it
    }
  }

  /** A connection that gives its place back when it closes. */
  private final class Counted extends Socket {
    private InetAddress from; // set once admitted
    private boolean closed; // guarded by this

    @Override
    public void close() throws IOException {
      synchronized (this) {
        if (!closed && from != null) {
          release(from);
        }
        closed = true;
      }
      super.close();
    }
  }
}
