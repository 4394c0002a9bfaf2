package org.parley.mailcommand;

import java.util.Locale;
import java.util.Optional;

/**
 * A message sent to one of a group's command addresses, as its handlers read it: who sent it, its
 * subject, and what it says on its first line of its own.
 *
 * @param from the From address, in lower case; empty when the message has none that is valid
 * @param mailFrom the envelope sender as given at MAIL FROM, in lower case (empty for a null
 *     sender)
 * @param subject the decoded Subject, or ""
 * @param firstLine the body's first line that is not blank and not quoted ({@code >}), stripped:
 *     where people write "approve", "reject too long" or "decline"; "" when the reply is empty or
 *     only quotes
 * @param text the whole plain-text body
 */
public record CommandReply(
    Optional<String> from, String mailFrom, String subject, String firstLine, String text) {

  /**
   * Whether the message came from {@code address} (any case): its From or its envelope sender is
   * that address.
   */
  public boolean cameFrom(String address) {
    String a = address.toLowerCase(Locale.ROOT);
    return from.map(a::equals).orElse(false) || a.equals(mailFrom);
  }

  /** The first word of {@link #firstLine}, in lower case, without trailing punctuation; or "". */
  public String firstWord() {
    String[] words = firstLine.strip().split("\\s+", 2);
    return words[0].toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}]+$", "");
  }

  /** What follows the first word of {@link #firstLine}, stripped; "" when nothing does. */
  public String rest() {
    String[] words = firstLine.strip().split("\\s+", 2);
    return words.length < 2 ? "" : words[1].strip();
  }

  /** The first line of {@code text} that is not blank and not quoted, stripped; or "". */
  static String firstLineOf(String text) {
    for (String line : text.split("\\r?\\n")) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith(">")) {
        continue;
      }
      // "On Mon, Ada wrote:" introduces a quote: nothing of the replier's own came before it
      if (s.endsWith("wrote:") || s.equals("-- ")) {
        return "";
      }
      return s;
    }
    return "";
  }
}
