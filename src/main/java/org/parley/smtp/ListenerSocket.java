package org.parley.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server socket of our listeners. It does five things to each connection it accepts.
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
 *
 * <p>While the listener stops, it answers each new connection {@code 421 4.3.2} and closes it, so
 * the sender comes back later rather than being greeted by a server that will take nothing.
 *
 * <p>It gives each request the client makes a deadline ({@link RequestDeadline}), and on SMTP it
 * ends a session that makes too many errors ({@link ErrorLimit}).
 *
 * <p>It comes under stress when three quarters of the listener's places are taken, and stays so
 * until fewer than half are (so a flood that keeps it near the mark does not flip it, and its log,
 * at every connection). Under stress, as Postfix does, a request must come within {@link
 * #STRESSED_TIMEOUT} instead of the session's usual timeout, and one error ends a session instead
 * of {@link #ERROR_LIMIT}: idle, slow and erring clients make room for the others. It logs when
 * stress begins and ends.
 */
final class ListenerSocket extends ServerSocket {
  /** Errors a session may make without delivering mail (Postfix's smtpd_hard_error_limit). */
  static final int ERROR_LIMIT = 20;

  /** How long a request may take while the listener is under stress (Postfix: 10 s). */
  static final Duration STRESSED_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(ListenerSocket.class);

  private final String domain;
  private final int perAddress;
  private final boolean limitErrors;
  private final int stressAt;
  private final int calmAt;
  private final int stressedMillis;
  private final Map<InetAddress, Integer> open = new HashMap<>(); // guarded by itself
  // addresses refused since they last had a place free: logged once, not at every refusal
  private final Set<InetAddress> refused = new HashSet<>(); // guarded by open
  private int total; // guarded by open
  private volatile boolean stressed;
  private final BooleanSupplier stopping;

  /**
   * @param domain the name the refusals give
   * @param perAddress the most connections one address may hold at once
   * @param places the most connections the listener serves at once
   * @param limitErrors whether a session that makes too many errors is ended: yes for SMTP from
   *     anyone, no for LMTP, whose one client is the site's own MTA passing on what others sent
   */
  ListenerSocket(String domain, int perAddress, int places, boolean limitErrors)
      throws IOException {
    this(domain, perAddress, places, limitErrors, STRESSED_TIMEOUT, () -> false);
  }

  /**
   * As above, for a listener that stops: while {@code stopping} says so, each new connection is
   * answered {@code 421 4.3.2} and closed before its session starts (RFC 5321 §3.8), so its sender
   * comes back later instead of being greeted by a server that will take nothing.
   */
  ListenerSocket(
      String domain, int perAddress, int places, boolean limitErrors, BooleanSupplier stopping)
      throws IOException {
    this(domain, perAddress, places, limitErrors, STRESSED_TIMEOUT, stopping);
  }

  /** As above, with the time a request may take under stress (tests shorten it). */
  ListenerSocket(
      String domain, int perAddress, int places, boolean limitErrors, Duration stressedTimeout)
      throws IOException {
    this(domain, perAddress, places, limitErrors, stressedTimeout, () -> false);
  }

  private ListenerSocket(
      String domain,
      int perAddress,
      int places,
      boolean limitErrors,
      Duration stressedTimeout,
      BooleanSupplier stopping)
      throws IOException {
    super();
    this.stopping = stopping;
    if (perAddress < 1 || places < 1) {
      throw new IllegalArgumentException(
          "perAddress and places must be at least 1: " + perAddress + ", " + places);
    }
    this.domain = domain;
    this.perAddress = perAddress;
    this.limitErrors = limitErrors;
    this.stressAt = Math.max(1, places * 3 / 4);
    this.calmAt = places / 2;
    this.stressedMillis = (int) Math.max(1, stressedTimeout.toMillis());
  }

  @Override
  public Socket accept() throws IOException {
    while (true) {
      Counted s = new Counted();
      implAccept(s);
      InetAddress from = s.getInetAddress();
      if (stopping.getAsBoolean()) {
        refuse(s, "421 4.3.2 " + domain + " is shutting down; please try again later");
        continue;
      }
      if (!admit(from)) {
        refuse(
            s,
            "421 4.7.0 "
                + domain
                + " Too many connections from your address; please try again later");
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

  /** Whether three quarters of the places were taken, and not yet fewer than half since. */
  boolean stressed() {
    return stressed;
  }

  /**
   * A message was delivered on this connection: the errors it made before are forgiven ({@link
   * ErrorLimit}). Does nothing for a connection this class did not accept.
   */
  static void delivered(Socket s) {
    if (s instanceof Counted c && c.errors != null) {
      c.errors.delivered();
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
      total++;
      if (!stressed && total >= stressAt) {
        stressed = true;
        log.warn(
            "{} connections open: under stress, a request must come within {} s and one error ends"
                + " a session, until fewer than {} are open",
            total,
            stressedMillis / 1000.0,
            calmAt);
      }
      return true;
    }
  }

  private void release(InetAddress from) {
    synchronized (open) {
      open.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null);
      refused.remove(from);
      total--;
      if (stressed && total < calmAt) {
        stressed = false;
        log.info("{} connections open: no longer under stress", total);
      }
    }
  }

  /** Answers a connection that gets no session with {@code reply}, and closes it. */
  private static void refuse(Socket s, String reply) {
    try (s) {
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // it is gone already: nothing more to tell it
    }
  }

  /**
   * A connection that gives its place back when it closes, and whose streams keep the request
   * deadline and the error limit. The session sets its usual timeout; under stress the shorter one
   * applies.
   */
  private final class Counted extends Socket {
    private InetAddress from; // set once admitted
    private boolean closed; // guarded by this
    private volatile int usualMillis; // as the session set it; 0 is no limit
    private RequestDeadline requests; // made on first use, by the session's thread
    private ErrorLimit errors;

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
      usualMillis = timeout;
      super.setSoTimeout(timeout);
    }

    @Override
    public InputStream getInputStream() throws IOException {
      if (from == null) {
        return super.getInputStream();
      }
      synchronized (this) {
        if (requests == null) {
          requests =
              new RequestDeadline(
                  super.getInputStream(), this::requestMillis, this::readTimeout, stressedMillis);
        }
        return requests;
      }
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      if (from == null) {
        return super.getOutputStream();
      }
      synchronized (this) {
        if (errors == null) {
          RequestDeadline in = (RequestDeadline) getInputStream();
          errors =
              new ErrorLimit(
                  super.getOutputStream(),
                  domain,
                  this::errorLimit,
                  this::endForErrors,
                  in::restart);
        }
        return errors;
      }
    }

    private int errorLimit() {
      return !limitErrors ? Integer.MAX_VALUE : stressed ? 1 : ERROR_LIMIT;
    }

    private int requestMillis() {
      int usual = usualMillis;
      return stressed ? (usual == 0 ? stressedMillis : Math.min(usual, stressedMillis)) : usual;
    }

    private void readTimeout(int millis) {
      try {
        super.setSoTimeout(millis);
      } catch (SocketException e) {
        // closed: the read that follows says so
      }
    }

    private void endForErrors() {
      log.info(
          "closed a session from {} after {} errors without a delivered message",
          from.getHostAddress(),
          errors.errors());
      try {
        close();
      } catch (IOException e) {
        // closing is all that was left to do
      }
    }

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
