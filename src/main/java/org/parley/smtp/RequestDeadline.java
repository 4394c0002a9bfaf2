package org.parley.smtp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Gives each request the client makes a deadline, rather than each read, as Postfix does with
 * {@code smtpd_per_request_deadline} and {@code smtpd_min_data_rate}. With a timeout per read
 * alone, a client that sends one byte every few seconds holds its connection for ever. Here a
 * request (a command, or a message after DATA's 354) must arrive within the timeout of the moment
 * it could start, the server's last reply, so the server's own time never counts against the
 * client; and every byte received extends that by {@code 1 / MIN_RATE} of a second, so a message
 * sent at least that fast is never cut off, however large. When the time is up the read throws
 * {@link SocketTimeoutException}, which SubEthaSMTP answers with 421 before it closes the
 * connection.
 *
 * <p>The timeout is read at each read, so the listener can shorten it while it is short of places
 * (Postfix: 300 s, and 10 s under stress). A read waits at most {@code sliceMillis} at a time
 * before it looks again, so a connection already waiting when the stress begins gets the shorter
 * timeout too. Only the session's own thread reads; {@link #restart} is called from the same
 * thread, after a reply.
 */
final class RequestDeadline extends FilterInputStream {
  /** Bytes a second a request must keep up to have more time (Postfix's smtpd_min_data_rate). */
  static final int MIN_RATE = 500;

  private final IntSupplier timeoutMillis;
  private final IntConsumer readTimeout;
  private final int sliceMillis;
  private long start = System.nanoTime();
  private long received; // bytes since start
  private final byte[] one = new byte[1];

  /**
   * @param in the connection's own stream
   * @param timeoutMillis the time a request may take now, before the time its bytes earn (0: no
   *     limit)
   * @param readTimeout sets the connection's timeout for the next read, in milliseconds
   * @param sliceMillis the longest a read waits before it looks at the timeout again
   */
  RequestDeadline(
      InputStream in, IntSupplier timeoutMillis, IntConsumer readTimeout, int sliceMillis) {
    super(in);
    if (sliceMillis < 1) {
      throw new IllegalArgumentException("sliceMillis must be at least 1: " + sliceMillis);
    }
    this.timeoutMillis = timeoutMillis;
    this.readTimeout = readTimeout;
    this.sliceMillis = sliceMillis;
  }

  /** The server has answered: the client's next request may take the whole timeout again. */
  void restart() {
    start = System.nanoTime();
    received = 0;
  }

  @Override
  public int read() throws IOException {
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      boolean sliced = arm();
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          received += n;
        }
        return n;
      } catch (SocketTimeoutException e) {
        if (!sliced) {
          throw e;
        }
      }
    }
  }

  /**
   * Sets the wait of the next read: what is left of the request's time, at most a slice.
   *
   * @return whether the wait was cut to a slice (a timeout then only means: look again)
   * @throws SocketTimeoutException when the request's time is up
   */
  private boolean arm() throws SocketTimeoutException {
    int timeout = timeoutMillis.getAsInt();
    long left =
        timeout <= 0
            ? Long.MAX_VALUE
            : timeout + received * 1000 / MIN_RATE - (System.nanoTime() - start) / 1_000_000L;
    if (left <= 0) {
      throw new SocketTimeoutException(
          "the client sent "
              + received
              + " bytes of its request in more than "
              + timeout / 1000.0
              + " s and slower than "
              + MIN_RATE
              + " bytes a second");
    }
    boolean sliced = left > sliceMillis;
    readTimeout.accept(sliced ? sliceMillis : (int) left);
    return sliced;
  }
}
