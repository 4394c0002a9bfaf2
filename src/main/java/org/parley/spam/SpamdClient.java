package org.parley.spam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SpamAssassin's spamd, asked over the SPAMC/1.5 protocol that {@code spamc} speaks (see
 * SpamAssassin's {@code spamd/PROTOCOL}): one connection per message, the request {@code SYMBOLS
 * SPAMC/1.5} with a {@code Content-length} and the message, and the answer {@code SPAMD/1.1 0
 * EX_OK}, its {@code Spam: True ; 7.3 / 5.0} field, and the names of the tests that hit as the
 * body, comma-separated. SPAMC carries no envelope: spamd reads the message alone.
 *
 * <p>Connecting, each read, and the whole exchange are each bounded by the timeout, and the answer
 * by {@link #MAX_ANSWER} bytes: a spamd that stalls or talks on cannot hold a mail transaction.
 */
public final class SpamdClient implements SpamFilter {
  /** The most of spamd's answer read: its fields and a list of test names. */
  static final int MAX_ANSWER = 64 * 1024;

  private static final Pattern STATUS = Pattern.compile("^SPAMD/(\\d+\\.\\d+)\\s+(\\d+)\\s*(.*)$");
  private static final Pattern SPAM =
      Pattern.compile(
          "^(true|false|yes|no)\\s*;\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*/\\s*([-+]?\\d+(?:\\.\\d+)?)",
          Pattern.CASE_INSENSITIVE);

  private final String host;
  private final int port;
  private final Duration timeout;

  /**
   * @param host spamd's address
   * @param port spamd's port (783 by default)
   * @param timeout how long one check may take, connecting included
   */
  public SpamdClient(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "spamd:" + host + ":" + port;
  }

  @Override
  public SpamResult check(byte[] raw, Arrival arrival) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), millis(timeout));
      socket.setSoTimeout(millis(timeout));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("SYMBOLS SPAMC/1.5\r\nContent-length: " + raw.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(raw);
      out.flush();
      // spamd reads Content-length bytes; closing our side tells an older one the message ended
      socket.shutdownOutput();
      return parse(readAnswer(socket.getInputStream(), deadline));
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException(
          "spamd at " + host + ":" + port + " did not answer within " + timeout.toMillis() + " ms");
    }
  }

  private byte[] readAnswer(InputStream in, long deadline) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) != -1) {
      answer.write(buffer, 0, n);
      if (answer.size() > MAX_ANSWER) {
        throw new IOException("spamd's answer is longer than " + MAX_ANSWER + " bytes");
      }
      if (System.nanoTime() > deadline) {
        throw new SocketTimeoutException("spamd took longer than " + timeout.toMillis() + " ms");
      }
    }
    return answer.toByteArray();
  }

  /** spamd's answer to {@code SYMBOLS} as a result; package-private for its tests. */
  static SpamResult parse(byte[] answer) throws IOException {
    String text = new String(answer, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    int skip = 4;
    if (end < 0) {
      end = text.indexOf("\n\n");
      skip = 2;
    }
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + skip);
    List<String> lines = head.lines().toList();
    if (lines.isEmpty()) {
      throw new IOException("spamd closed the connection without an answer");
    }
    Matcher status = STATUS.matcher(lines.get(0).strip());
    if (!status.matches()) {
      throw new IOException("spamd's answer does not start with SPAMD/: " + lines.get(0));
    }
    if (!status.group(2).equals("0")) {
      throw new IOException(
          "spamd answered " + status.group(2) + " " + status.group(3) + " (not EX_OK)");
    }
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).strip().equalsIgnoreCase("Spam")) {
        continue;
      }
      Matcher spam = SPAM.matcher(line.substring(colon + 1).strip());
      if (!spam.find()) {
        throw new IOException("spamd's Spam field is not a verdict: " + line);
      }
      String verdict = spam.group(1).toLowerCase(Locale.ROOT);
      boolean isSpam = verdict.equals("true") || verdict.equals("yes");
      List<String> symbols =
          Arrays.stream(body.strip().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
      return new SpamResult(
          Double.parseDouble(spam.group(2)),
          Double.parseDouble(spam.group(3)),
          isSpam ? "spam" : "no action",
          symbols,
          "spamd");
    }
    throw new IOException("spamd's answer has no Spam field");
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }
}
