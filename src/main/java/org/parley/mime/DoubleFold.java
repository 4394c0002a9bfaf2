package org.parley.mime;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Undoes the damage of issue 15 in bytes Parley itself wrote: before the fix, a web post's
 * References field, once long enough to fold, was folded twice, and the second fold put an empty
 * line inside it ({@code References: <a> <b>\r\n\r\n <c>\r\nContent-Type: …}). Readers took that
 * empty line as the end of the header section, so the rest of the header showed as the body.
 *
 * <p>The repair is narrow on purpose: it acts only where the header section, as written, ends in a
 * References field, what follows the empty line is a fold made of msg-ids alone, and after the
 * folds comes a header field. Removing that empty line restores exactly the message that was meant,
 * for the composer wrote nothing else there. A message that does not look so is left as it is.
 */
public final class DoubleFold {
  private static final Pattern FIELD = Pattern.compile("[!-9;-~]+:.*");
  private static final Pattern IDS_FOLD = Pattern.compile("[ \\t]+(<[^<>\\s]+>[ \\t]*)+");

  private DoubleFold() {}

  /** The bytes with the stray empty lines removed, or empty when there are none. */
  public static Optional<byte[]> undo(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    boolean changed = false;
    while (true) {
      int end = text.indexOf("\r\n\r\n");
      if (end < 0 || !lastFieldIsReferences(text.substring(0, end))) {
        break;
      }
      int next = end + 4;
      int lineEnd = text.indexOf("\r\n", next);
      if (lineEnd < 0 || !IDS_FOLD.matcher(text.substring(next, lineEnd)).matches()) {
        break;
      }
      // more folds of ids may follow; then a field must come (not the body)
      int after = lineEnd + 2;
      while (true) {
        int e = text.indexOf("\r\n", after);
        if (e < 0) {
          return changed ? Optional.of(bytes(text)) : Optional.empty();
        }
        String line = text.substring(after, e);
        if (IDS_FOLD.matcher(line).matches()) {
          after = e + 2;
          continue;
        }
        if (!line.isEmpty() && !FIELD.matcher(line).matches()) {
          return changed ? Optional.of(bytes(text)) : Optional.empty();
        }
        break;
      }
      text = text.substring(0, end + 2) + text.substring(next);
      changed = true;
    }
    return changed ? Optional.of(bytes(text)) : Optional.empty();
  }

  private static boolean lastFieldIsReferences(String header) {
    String[] lines = header.split("\r\n", -1);
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i];
      if (line.startsWith(" ") || line.startsWith("\t")) {
        continue;
      }
      return line.regionMatches(true, 0, "References:", 0, "References:".length());
    }
    return false;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
