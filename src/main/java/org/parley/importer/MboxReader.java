package org.parley.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the messages of an mbox file one at a time, whatever its dialect, without holding more than
 * one message in memory.
 *
 * <ul>
 *   <li>A message starts at a "From " line that looks like a real separator: {@code From <sender>
 *       <asctime date>} (as {@code From alice@example.org Sun Apr 28 22:57:37 2019}, Thunderbird's
 *       {@code From - …}, or pipermail's {@code From alice at example.org …}). A "From " line in a
 *       body that is not followed by such a date (an unescaped "From me to you") stays in the body.
 *   <li>mboxrd and mboxo: one {@code >} is removed from body lines matching {@code ^>+From }; the
 *       blank line the writer puts before the next separator is dropped.
 *   <li>mboxcl and mboxcl2: a {@code Content-Length} header is honoured where it is right, that is
 *       when the body it measures ends at the end of the file or at a separator (after at most one
 *       blank line); the body is then taken as it stands, "From " lines and all. A wrong one is
 *       ignored and the message read line by line.
 *   <li>CRLF files keep their line ends; a UTF-8 byte order mark at the start is skipped; anything
 *       before the first separator is not a message and is skipped.
 * </ul>
 */
final class MboxReader implements MessageSource {
  /** A from line, with the asctime date (and an optional zone) that makes it a separator. */
  private static final Pattern SEPARATOR =
      Pattern.compile(
          "From (?:\"[^\"]*\"\\S*|\\S+)(?: at \\S+)?\\s+(?:[A-Z][a-z]{2},? +)?[A-Z][a-z]{2}"
              + " +\\d{1,2} +\\d{1,2}:\\d{2}(?::\\d{2})?(?: +(?:[A-Z]{1,5}|[+-]\\d{4}))?"
              + " +\\d{4}(?: +(?:[+-]\\d{4}|[A-Z]{1,5}))?(?: remote from \\S+)?\\s*");

  private static final Pattern CONTENT_LENGTH =
      Pattern.compile("content-length:\\s*(\\d{1,10})\\s*", Pattern.CASE_INSENSITIVE);

  /** The longest body a Content-Length is trusted for; a larger one is read line by line. */
  private static final int MAX_CONTENT_LENGTH = 64 << 20;

  /** How far a separator is looked for after a body measured by Content-Length. */
  private static final int PEEK = 4096;

  private final LineInput in;
  private boolean atSeparator; // the separator of the next message has been read
  private boolean started;

  MboxReader(InputStream in) {
    this.in = new LineInput(in);
  }

  /** Whether a line (its terminator included or not) is a message separator. */
  static boolean isSeparator(byte[] line) {
    if (line.length < 5 || line[0] != 'F' || line[1] != 'r' || line[2] != 'o') {
      return false;
    }
    int end = line.length;
    while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) {
      end--;
    }
    return SEPARATOR.matcher(new String(line, 0, end, StandardCharsets.ISO_8859_1)).matches();
  }

  @Override
  public byte[] next() throws IOException {
    if (!started) {
      started = true;
      skipPreamble();
    }
    if (!atSeparator) {
      return null;
    }
    atSeparator = false;
    ByteArrayOutputStream message = new ByteArrayOutputStream(8192);
    long contentLength = -1;
    // the header, up to and with the blank line that ends it
    while (true) {
      byte[] line = readLine(Integer.MAX_VALUE);
      if (line == null) {
        return message.toByteArray();
      }
      if (isSeparator(line)) {
        atSeparator = true;
        return message.toByteArray();
      }
      message.writeBytes(unquoted(line));
      if (blank(line)) {
        break;
      }
      Matcher m =
          CONTENT_LENGTH.matcher(
              new String(line, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
      if (m.matches()) {
        contentLength = Long.parseLong(m.group(1));
      }
    }
    if (contentLength >= 0 && contentLength <= MAX_CONTENT_LENGTH) {
      byte[] body = measuredBody((int) contentLength);
      if (body != null) {
        message.writeBytes(body);
        return message.toByteArray();
      }
    }
    byte[] heldBlank = null;
    while (true) {
      byte[] line = readLine(Integer.MAX_VALUE);
      if (line == null) {
        break;
      }
      if (isSeparator(line)) {
        atSeparator = true;
        break;
      }
      if (heldBlank != null) {
        message.writeBytes(heldBlank);
        heldBlank = null;
      }
      if (blank(line)) {
        heldBlank = line; // dropped if the next line is a separator
      } else {
        message.writeBytes(unquoted(line));
      }
    }
    return message.toByteArray();
  }

  /**
   * The body a Content-Length measures, if it ends where a message may end; the separator after it
   * (and the blank line before that) are consumed. Null, and nothing consumed, if it does not.
   */
  private byte[] measuredBody(int length) throws IOException {
    in.mark();
    byte[] body = in.readNBytes(length);
    if (body.length == length && endsAMessage()) {
      in.unmark();
      return body;
    }
    in.reset();
    return null;
  }

  /**
   * Whether what follows is the end of the file or a separator, after at most one blank line; the
   * separator, if any, is consumed.
   */
  private boolean endsAMessage() throws IOException {
    byte[] line = readLine(PEEK);
    if (line != null && blank(line)) {
      line = readLine(PEEK);
    }
    if (line == null) {
      return true;
    }
    if (isSeparator(line)) {
      atSeparator = true;
      return true;
    }
    return false;
  }

  /** Skips a byte order mark and anything before the first separator. */
  private void skipPreamble() throws IOException {
    in.mark();
    byte[] bom = in.readNBytes(3);
    if (!(bom.length == 3
        && (bom[0] & 0xff) == 0xef
        && (bom[1] & 0xff) == 0xbb
        && (bom[2] & 0xff) == 0xbf)) {
      in.reset();
    } else {
      in.unmark();
    }
    byte[] line;
    while ((line = readLine(Integer.MAX_VALUE)) != null) {
      if (isSeparator(line)) {
        atSeparator = true;
        return;
      }
    }
  }

  /** The next line with its terminator, at most {@code max} bytes of it; null at the end. */
  private byte[] readLine(int max) throws IOException {
    return in.readLine(max);
  }

  private static boolean blank(byte[] line) {
    return (line.length == 1 && line[0] == '\n')
        || (line.length == 2 && line[0] == '\r' && line[1] == '\n');
  }

  /** The line with one {@code >} removed if it matches {@code ^>+From } (mboxrd, mboxo). */
  private static byte[] unquoted(byte[] line) {
    if (line.length < 6 || line[0] != '>') {
      return line;
    }
    int i = 0;
    while (i < line.length && line[i] == '>') {
      i++;
    }
    if (line.length - i >= 5
        && line[i] == 'F'
        && line[i + 1] == 'r'
        && line[i + 2] == 'o'
        && line[i + 3] == 'm'
        && line[i + 4] == ' ') {
      byte[] out = new byte[line.length - 1];
      System.arraycopy(line, 1, out, 0, out.length);
      return out;
    }
    return line;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
