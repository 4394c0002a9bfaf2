package org.parley.mime;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Where a stored message's header section begins and ends, for everything that reads one: the
 * archive's parse (and so screening, the page and search) and the decoration of members' copies.
 * They must agree, or a copy could carry fields that the archive and the rules never saw: with a
 * line that is not a header field ({@code junk}) before a second {@code From:}, a parser that skips
 * the line would show members a sender that the one that ends the header section there never
 * screened (RELIABILITY C11).
 *
 * <p>The rule, as Postfix's cleanup and most mail programs read it: an mbox envelope line ({@code
 * From sender date}, RFC 4155) at the very start is skipped; otherwise the first line that is
 * neither a field nor a continuation ends the header section and begins the body, as a blank line
 * would. The blank line is put in for mime4j ({@link #open}) rather than left to its {@code
 * malformedHeaderStartsBody}, which fails on a body that begins with a multipart boundary right
 * away ("unread only works when a buffer is fully read") and so lost such messages' text.
 */
public final class HeaderSection {
  private static final byte[] CRLF = {'\r', '\n'};

  private HeaderSection() {}

  /**
   * A message opened for mime4j by this rule.
   *
   * @param in the message from after its mbox line, with a blank line put in where its header
   *     section ends without one
   * @param mboxLine whether an mbox {@code From } line was skipped
   * @param blankLineAdded whether the header section ended at a line that is no field, without a
   *     blank line
   */
  public record Opened(InputStream in, boolean mboxLine, boolean blankLineAdded) {}

  /**
   * mime4j's configuration for reading stored mail by this rule, lenient and with no size limits of
   * its own (the door measures a message before it is stored). With {@link #open}, the header
   * section always ends with a blank line; {@code malformedHeaderStartsBody} stays as the fallback
   * for a line this class takes for a field and mime4j does not.
   */
  public static MimeConfig config() {
    return MimeConfig.custom()
        .setStrictParsing(false)
        .setMaxLineLen(-1)
        .setMaxHeaderCount(-1)
        .setMaxHeaderLen(-1)
        .setMaxContentLen(-1)
        .setMalformedHeaderStartsBody(true)
        .build();
  }

  /** The message as mime4j should read it. */
  public static Opened open(byte[] raw) {
    int start = start(raw);
    int body = bodyWithoutBlankLine(raw, start);
    if (body < 0) {
      return new Opened(new ByteArrayInputStream(raw, start, raw.length - start), start > 0, false);
    }
    InputStream in =
        new SequenceInputStream(
            new SequenceInputStream(
                new ByteArrayInputStream(raw, start, body - start), new ByteArrayInputStream(CRLF)),
            new ByteArrayInputStream(raw, body, raw.length - body));
    return new Opened(in, start > 0, true);
  }

  /**
   * The length of an mbox envelope line ({@code From sender date}) the message begins with,
   * including its line end, or 0: where reading begins.
   */
  private static int start(byte[] raw) {
    String prefix = "From ";
    if (raw.length < prefix.length()) {
      return 0;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (raw[i] != prefix.charAt(i)) {
        return 0;
      }
    }
    int end = 0;
    while (end < raw.length && raw[end] != '\n') {
      end++;
    }
    return Math.min(end + 1, raw.length);
  }

  /**
   * Where the body begins when the header section ends at a line that is neither a field nor a
   * continuation, with no blank line before it; -1 when it ends as it should, with a blank line or
   * at the end of the message.
   */
  private static int bodyWithoutBlankLine(byte[] raw, int start) {
    int i = start;
    boolean first = true;
    while (i < raw.length) {
      int eol = i;
      while (eol < raw.length && raw[eol] != '\n') {
        eol++;
      }
      int end = eol > i && raw[eol - 1] == '\r' ? eol - 1 : eol;
      if (end == i) {
        return -1; // the blank line
      }
      boolean continuation = !first && (raw[i] == ' ' || raw[i] == '\t');
      if (!continuation && !isFieldStart(raw, i, end)) {
        return i;
      }
      first = false;
      i = eol + 1;
    }
    return -1;
  }

  /**
   * Whether the line opens a header field as mime4j reads one: a name of printable US-ASCII other
   * than the colon, then optional blanks, then the colon (RFC 5322 §3.6.8, and the obsolete blanks
   * before the colon of §4.5).
   */
  private static boolean isFieldStart(byte[] raw, int from, int end) {
    int k = from;
    while (k < end && raw[k] >= 0x21 && raw[k] <= 0x7e && raw[k] != ':') {
      k++;
    }
    if (k == from) {
      return false; // no name
    }
    while (k < end && (raw[k] == ' ' || raw[k] == '\t')) {
      k++;
    }
    return k < end && raw[k] == ':';
  }
}
