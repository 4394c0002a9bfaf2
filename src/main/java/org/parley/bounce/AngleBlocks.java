package org.parley.bounce;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recipient blocks of the plain-text bounces that qmail, Yahoo and Postfix write: a line that
 * begins with the address in angle brackets and a colon, then what became of it, on that line and
 * the next, up to an empty line or the next block. qmail and Yahoo:
 *
 * <pre>
 * &lt;bob@example.org&gt;:
 * 192.0.2.7 does not like recipient.
 * Remote host said: 550 5.1.1 &lt;bob@example.org&gt;: Recipient address rejected
 * </pre>
 *
 * Postfix:
 *
 * <pre>
 * &lt;bob@example.org&gt;: host mx.example.org[192.0.2.25] said: 550 5.1.1
 *     &lt;bob@example.org&gt;: Recipient address rejected (in reply to RCPT TO command)
 * </pre>
 *
 * Reading stops at the line that begins the returned message ({@code --- Below this line is a copy
 * of the message.}, and any other line of dashes).
 */
final class AngleBlocks {
  private AngleBlocks() {}

  /** One block: the address and the sentence about it, its lines joined by spaces. */
  record Block(String address, String sentence) {}

  private static final Pattern START = Pattern.compile("^<([^<>\\s]+@[^<>\\s]+)>:\\s*(.*)$");

  /** The blocks of {@code text} after its first line containing {@code after}. */
  static List<Block> read(String text, String after) {
    int from = text.indexOf(after);
    if (from < 0) {
      return List.of();
    }
    List<Block> blocks = new ArrayList<>();
    String address = null;
    StringBuilder sentence = new StringBuilder();
    for (String line : text.substring(from).split("\n")) {
      Matcher m = START.matcher(line);
      boolean end = line.startsWith("---");
      if (m.matches() || line.isBlank() || end) {
        if (address != null) {
          blocks.add(new Block(address, FailureKinds.oneLine(sentence.toString())));
          address = null;
          sentence.setLength(0);
        }
        if (end) {
          break;
        }
        if (m.matches()) {
          address = m.group(1);
          sentence.append(m.group(2));
        }
      } else if (address != null) {
        sentence.append(' ').append(line.strip());
      }
    }
    if (address != null) {
      blocks.add(new Block(address, FailureKinds.oneLine(sentence.toString())));
    }
    return blocks;
  }
}
