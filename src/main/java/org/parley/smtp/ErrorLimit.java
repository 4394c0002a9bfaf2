package org.parley.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * Counts the errors a client makes in one session, from the replies written to it, and ends the
 * session when they reach the limit, as Postfix's {@code smtpd_hard_error_limit} does: a client
 * that sends junk commands or tries one group name after another gets {@code 421 4.7.0} and is
 * disconnected, instead of being answered for ever. An error is a reply of class 5 (a command
 * refused for what the client sent); a multi-line reply counts once, and LMTP's per-recipient
 * replies after DATA count one each. A message delivered in the session starts the count again
 * ({@link #delivered}), since the limit is on errors made without delivering mail.
 *
 * <p>The limit is read at each reply, so the listener can lower it while it is short of places
 * (Postfix: 20, and 1 under stress). This stream sits under SubEthaSMTP's writer, which flushes
 * after each reply; the 421 goes out in that flush, and then {@code onLimit} closes the connection.
 * Only the session's own thread writes to it.
 */
final class ErrorLimit extends FilterOutputStream {
  private final String domain;
  private final IntSupplier limit;
  private final Runnable onLimit;
  private final Runnable onFlush;
  private int column; // bytes written since the last line feed
  private byte first; // the reply line's first byte
  private byte separator; // its fourth: '-' on every line of a multi-line reply but the last
  private int errors;
  private boolean ended;

  /**
   * @param out the connection's own stream
   * @param domain the name the 421 gives
   * @param limit the errors allowed now, read after each reply
   * @param onLimit closes the connection, once the 421 is written
   * @param onFlush runs after each reply is flushed
   */
  ErrorLimit(
      OutputStream out, String domain, IntSupplier limit, Runnable onLimit, Runnable onFlush) {
    super(out);
    this.domain = domain;
    this.limit = limit;
    this.onLimit = onLimit;
    this.onFlush = onFlush;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    see((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      see(b[i]);
    }
  }

  private void see(byte b) {
    if (column == 0) {
      first = b;
      separator = ' ';
    } else if (column == 3) {
      separator = b;
    }
    if (b == '\n') {
      if (first == '5' && separator != '-') {
        errors++;
      }
      column = 0;
    } else {
      column++;
    }
  }

  /** A message was delivered in this session: its errors so far are forgiven. */
  void delivered() {
    errors = 0;
  }

  /** How many errors the session has made since it last delivered a message. */
  int errors() {
    return errors;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
    if (ended) {
      return;
    }
    onFlush.run();
    if (errors >= limit.getAsInt()) {
      ended = true;
      out.write(
          ("421 4.7.0 " + domain + " Too many errors in this session; closing the connection\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      onLimit.run();
    }
  }
}
