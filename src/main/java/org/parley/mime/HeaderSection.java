package org.parley.mime;

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
 * would (messages that lack the blank line keep their text).
 */
public final class HeaderSection {
  private HeaderSection() {}

  /**
   * mime4j's configuration for reading stored mail by this rule, lenient and with no size limits of
   * its own (the door measures a message before it is stored).
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

  /**
   * The length of an mbox envelope line ({@code From sender date}) the message begins with,
   * including its line end, or 0: where reading begins.
   */
  public static int start(byte[] raw) {
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
}
