package org.parley.mailauth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client a front MTA took a message from, as it wrote it in the {@code Received} field it added
 * on top (RFC 5321 §4.4): {@code from HELO (rdns [IP])}, as Postfix, Exim and Sendmail write it.
 * Behind such an MTA (mail handed to us over LMTP) that client, not the MTA, is who SPF judges.
 *
 * @param helo the name the client gave in HELO or EHLO
 * @param address the client's IP address, as a literal
 */
public record ReceivedFrom(String helo, String address) {
  private static final Pattern FROM =
      Pattern.compile(
          "^\\s*from\\s+(\\S+)\\s+\\((?:[^()\\[\\]]*?\\s)?\\[(?:IPv6:)?([0-9A-Fa-f:.]+)\\]",
          Pattern.CASE_INSENSITIVE);

  /** At most this much of a message is read for its header. */
  private static final int HEADER_LIMIT = 64 * 1024;

  /**
   * The client named by the first {@code Received} field of {@code raw}; empty when the message has
   * none, or the first is not in the form above.
   */
  public static Optional<ReceivedFrom> topmost(byte[] raw) {
    String head =
        new String(raw, 0, Math.min(raw.length, HEADER_LIMIT), StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        return Optional.empty(); // the end of the header
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !line.substring(0, colon).strip().equalsIgnoreCase("Received")) {
        continue;
      }
      StringBuilder value = new StringBuilder(line.substring(colon + 1));
      for (int j = i + 1;
          j < lines.length && !lines[j].isEmpty() && Character.isWhitespace(lines[j].charAt(0));
          j++) {
        value.append(' ').append(lines[j].strip());
      }
      Matcher m = FROM.matcher(value);
      return m.find() ? Optional.of(new ReceivedFrom(m.group(1), m.group(2))) : Optional.empty();
    }
    return Optional.empty();
  }
}
