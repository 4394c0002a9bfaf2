package org.parley.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the body of a DATA command (RFC 5321 §4.1.1.4) from the session's input in bulk: up to and
 * including the terminating {@code CRLF.CRLF} and not one byte further, so commands a client
 * pipelines after the message (RFC 2920) stay in the stream for the command reader. A leading dot
 * is removed from every line that has one (the transparency procedure of RFC 5321 §4.5.2), the
 * first line included.
 *
 * <p>Only CRLF ends a line: a bare CR or LF is content, so a bare-LF "." line cannot end one
 * message early and smuggle a second (the 2023 SMTP smuggling advisories).
 *
 * <p>The stream must support {@link InputStream#mark} (the session's {@code BufferedInputStream}
 * does): a chunk is read ahead under a mark, and when the terminator is found the stream is reset
 * and advanced to just past it. Any other stream is read one byte at a time.
 */
final class DataReader {
  /** What was read: the unstuffed message, or only its size when it exceeded the limit. */
  sealed interface Result {
    /** The message as the client meant it, dot-stuffing undone. */
    record Body(byte[] bytes) implements Result {
      @Override
      public boolean equals(Object o) {
        return o instanceof Body b && Arrays.equals(bytes, b.bytes);
      }

      @Override
      public int hashCode() {
        return Arrays.hashCode(bytes);
      }

      @Override
      public String toString() {
        return "Body[" + bytes.length + " bytes]";
      }
    }

    /** The message was longer than the limit; it was read to its end and discarded. */
    record TooBig(long bytes) implements Result {}

    /**
     * The listener's memory for messages ({@link BodyBudget}) was taken when this one needed more
     * of it; it was read to its end and discarded.
     */
    record NoRoom(long bytes) implements Result {}
  }

  /** How much is read ahead at once; the mark limit, so the stream's buffer need not grow. */
  static final int CHUNK = 8192;

  // Where the scan stands relative to the last line break.
  private static final int MID_LINE = 0; // inside a line
  private static final int CR = 1; // just after a CR
  private static final int LINE_START = 2; // just after CRLF, or at the very start
  private static final int DOT = 3; // a "." at the start of a line, held back
  private static final int DOT_CR = 4; // ".\r" at the start of a line, held back

  private DataReader() {}

  /**
   * Reads one message body.
   *
   * @param maxBytes the largest body kept; past it the rest is read and discarded
   * @param budget the listener's memory for messages: a body kept holds its size of it until the
   *     caller releases it ({@link InboundSession#deliver}); with no room left, the rest is read
   *     and discarded
   * @throws EOFException when the stream ends before the terminator (the client went away: there is
   *     no message)
   */
  static Result read(InputStream in, long maxBytes, BodyBudget budget) throws IOException {
    boolean bulk = in.markSupported();
    byte[] chunk = new byte[bulk ? CHUNK : 1];
    Sink out = new Sink(maxBytes, budget);
    try {
      return read(in, chunk, bulk, out);
    } catch (IOException | RuntimeException e) {
      out.discard();
      throw e;
    }
  }

  /**
   * Reads a stream to its end as the message itself, with no terminator and no dot-stuffing (the
   * chunks of BDAT, RFC 3030), within the same limit and budget as {@link #read}.
   */
  static Result readWhole(InputStream in, long maxBytes, BodyBudget budget) throws IOException {
    Sink out = new Sink(maxBytes, budget);
    byte[] chunk = new byte[CHUNK];
    try {
      int n;
      while ((n = in.read(chunk)) != -1) {
        out.write(chunk, 0, n);
      }
      return out.result();
    } catch (IOException | RuntimeException e) {
      out.discard();
      throw e;
    }
  }

  private static Result read(InputStream in, byte[] chunk, boolean bulk, Sink out)
      throws IOException {
    int state = LINE_START;
    while (true) {
      if (bulk) {
        in.mark(CHUNK);
      }
      int n = in.read(chunk, 0, chunk.length);
      if (n == -1) {
        throw new EOFException("the connection ended before <CRLF>.<CRLF>");
      }
      int i = 0;
      while (i < n) {
        switch (state) {
          case MID_LINE -> {
            // the common case: copy the run up to the next CR in one go
            int start = i;
            while (i < n && chunk[i] != '\r') {
              i++;
            }
            out.write(chunk, start, i - start);
            if (i < n) {
              out.write('\r');
              i++;
              state = CR;
            }
          }
          case CR -> {
            byte b = chunk[i++];
            out.write(b);
            state = b == '\n' ? LINE_START : b == '\r' ? CR : MID_LINE;
          }
          case LINE_START -> {
            byte b = chunk[i++];
            if (b == '.') {
              state = DOT;
            } else {
              out.write(b);
              state = b == '\r' ? CR : MID_LINE;
            }
          }
          case DOT -> {
            byte b = chunk[i++];
            if (b == '\r') {
              state = DOT_CR;
            } else {
              // a stuffed dot: drop it and keep what follows
              out.write(b);
              state = MID_LINE;
            }
          }
          case DOT_CR -> {
            byte b = chunk[i++];
            if (b == '\n') {
              // CRLF.CRLF: the end. Put back what was read beyond it.
              if (bulk && i < n) {
                in.reset();
                in.skipNBytes(i);
              }
              return out.result();
            }
            // ".\r" then something else: the dot was stuffed, the CR is content
            out.write('\r');
            out.write(b);
            state = b == '\r' ? CR : MID_LINE;
          }
          default -> throw new AssertionError(state);
        }
      }
    }
  }

  /**
   * Collects the body until it passes the limit or the budget has no more room for it, then only
   * counts. Its buffer's size is reserved in the budget as it grows; at the end, only the body's
   * own size stays reserved, for the caller to release once the message is archived.
   */
  private static final class Sink {
    private final long max;
    private final BodyBudget budget;
    private byte[] buf;
    private int len;
    private long total;
    private boolean noRoom;

    Sink(long max, BodyBudget budget) {
      this.max = max;
      this.budget = budget;
      int first = 16 * 1024;
      if (budget.reserve(first)) {
        buf = new byte[first];
      } else {
        buf = new byte[0];
        noRoom = true;
      }
    }

    private boolean keeping() {
      return total <= max && !noRoom;
    }

    void write(int b) {
      total++;
      if (keeping() && ensure(1)) {
        buf[len++] = (byte) b;
      }
    }

    void write(byte[] b, int off, int n) {
      total += n;
      if (keeping() && ensure(n)) {
        System.arraycopy(b, off, buf, len, n);
        len += n;
      }
    }

    /** Grows the buffer for n more bytes if the budget allows; false (keeping nothing) if not. */
    private boolean ensure(int n) {
      if (len + n <= buf.length) {
        return true;
      }
      int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * buf.length, len + n));
      if (!budget.reserve(grown - buf.length)) {
        noRoom = true;
        discard();
        return false;
      }
      buf = Arrays.copyOf(buf, grown);
      return true;
    }

    /** Gives the buffer's share of the budget back and drops it. */
    void discard() {
      budget.release(buf.length);
      buf = new byte[0];
      len = 0;
    }

    Result result() {
      if (total > max) {
        discard();
        return new Result.TooBig(total);
      }
      if (noRoom) {
        return new Result.NoRoom(total);
      }
      if (len == buf.length) {
        return new Result.Body(buf); // its reservation is the body's
      }
      // the body's own bytes stay reserved; the copy is made before the buffer's share goes back,
      // so for a moment both are held, as they are in memory
      if (!budget.reserve(len)) {
        discard();
        return new Result.NoRoom(total);
      }
      byte[] body = Arrays.copyOf(buf, len);
      discard();
      return new Result.Body(body);
    }
  }
}
