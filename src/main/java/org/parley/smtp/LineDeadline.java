package org.parley.smtp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Gives the client a deadline for each line it sends, rather than for each read (Postfix's {@code
 * smtpd_per_record_deadline}). With a timeout per read alone, a client that sends one byte every
 * few seconds holds its connection for ever; here each line (a command, or a line of the message)
 * must be complete within the timeout of the moment the line could start: after the previous line
 * ended, or after the server's last reply, whichever came later, so the server's own time never
 * counts against the client. When the time is up the read throws {@link SocketTimeoutException},
 * which SubEthaSMTP answers with 421 before it closes the connection.
 *
 * <p>The timeout is read at each read, so the listener can shorten it while it is short of places
 * (Postfix: 300 s, and 10 s under stress). Only the session's own thread reads; {@link #restart} is
 * called from the same thread, after a reply.
 */
final class LineDeadline extends FilterInputStream {
  private final IntSupplier timeoutMillis;
  private final IntConsumer readTimeout;
  private final int sliceMillis;
  private long lineStart = System.nanoTime();

  /**
   * @param in the connection's own stream
   * @param timeoutMillis the time a line may take now (0: no limit)
   * @param readTimeout sets the connection's timeout for the next read, in milliseconds
   * @param sliceMillis the longest a read waits before it looks at the timeout again
   */
  LineDeadline(
      InputStream in, IntSupplier timeoutMillis, IntConsumer readTimeout, int sliceMillis) {
    super(in);
    if (sliceMillis < 1) {
      throw new IllegalArgumentException("sliceMillis must be at least 1: " + sliceMillis);
    }
    this.timeoutMillis = timeoutMillis;
    this.readTimeout = readTimeout;
    this.sliceMillis = sliceMillis;
  }

  /** The server has answered: the client's next line may take the whole timeout again. */
  void restart() {
    lineStart = System.nanoTime();
  }

  @Override
  public int read() throws IOException {
    while (true) {
      boolean sliced = arm();
      try {
        int b = in.read();
        if (b == '\n') {
          restart();
        }
        return b;
      } catch (SocketTimeoutException e) {
        if (!sliced) {
          throw e;
        }
      }
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      boolean sliced = arm();
      try {
        int n = in.read(b, off, len);
        for (int i = 0; i < n; i++) {
          if (b[off + i] == '\n') {
            restart();
            break;
          }
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
   * Sets the wait of the next read: what is left of the line's time, at most a slice.
   *
   * @return whether the wait was cut to a slice (a timeout then only means: look again)
   * @throws SocketTimeoutException when the line's time is up
   */
  private boolean arm() throws SocketTimeoutException {
    int timeout = timeoutMillis.getAsInt();
    long left =
        timeout <= 0 ? Long.MAX_VALUE : timeout - (System.nanoTime() - lineStart) / 1_000_000L;
    if (left <= 0) {
      throw new SocketTimeoutException(
          "the client did not finish a line within " + timeout / 1000.0 + " s");
    }
    boolean sliced = left > sliceMillis;
    readTimeout.accept(sliced ? sliceMillis : (int) left);
    return sliced;
  }
}
