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
  private long lineStart = System.nanoTime();

  /**
   * @param in the connection's own stream
   * @param timeoutMillis the time a line may take now (0: no limit)
   * @param readTimeout sets the connection's timeout for the next read, in milliseconds
   */
  LineDeadline(InputStream in, IntSupplier timeoutMillis, IntConsumer readTimeout) {
    super(in);
    this.timeoutMillis = timeoutMillis;
    this.readTimeout = readTimeout;
  }

  /** The server has answered: the client's next line may take the whole timeout again. */
  void restart() {
    lineStart = System.nanoTime();
  }

  @Override
  public int read() throws IOException {
    arm();
    int b = in.read();
    if (b == '\n') {
      restart();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    arm();
    int n = in.read(b, off, len);
    for (int i = 0; i < n; i++) {
      if (b[off + i] == '\n') {
        restart();
        break;
      }
    }
    return n;
  }

  private void arm() throws SocketTimeoutException {
    int timeout = timeoutMillis.getAsInt();
    if (timeout <= 0) {
      readTimeout.accept(0);
      return;
    }
    long left = timeout - (System.nanoTime() - lineStart) / 1_000_000L;
    if (left <= 0) {
      throw new SocketTimeoutException(
          "the client did not finish a line within " + timeout / 1000.0 + " s");
    }
    readTimeout.accept((int) left);
  }
}
