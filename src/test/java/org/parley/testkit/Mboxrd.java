package org.parley.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Test-side splitter for mbox files in the mboxrd flavour: a line beginning "From " at the start of
 * the file or after a blank line begins a message; one '>' is removed from body lines matching
 * {@code ^>+From }; the blank line before the next separator is dropped. A whole From_ line ("From
 * sender" and an optional asctime date) also begins a message without a blank line. A UTF-8 byte
 * order mark at the start is skipped. Unescaped "From " lines after a blank line (as in MimeKit's
 * unmunged.mbox) split a message in two, which is what any mboxrd reader does.
 */
public final class Mboxrd {

  private static final Pattern FROM_LINE =
      Pattern.compile(
          "From \\S+(\\s+[A-Z][a-z]{2} [A-Z][a-z]{2} +\\d{1,2} \\d{1,2}:\\d{2}(:\\d{2})?"
              + "( [A-Z]{3})? \\d{4})?");

  private Mboxrd() {}

  public static List<byte[]> split(byte[] mbox) {
    List<byte[]> messages = new ArrayList<>();
    ByteArrayOutputStream current = null;
    boolean previousBlank = true;
    int start = 0;
    if (mbox.length >= 3
        && (mbox[0] & 0xff) == 0xef
        && (mbox[1] & 0xff) == 0xbb
        && (mbox[2] & 0xff) == 0xbf) {
      start = 3;
    }
    byte[] blank = null;
    for (int i = start; i < mbox.length; ) {
      int end = i;
      while (end < mbox.length && mbox[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, mbox.length);
      boolean isBlank = end == i || (end == i + 1 && mbox[i] == '\r');
      if (startsWith(mbox, i, end, "From ") && (previousBlank || isFromLine(mbox, i, end))) {
        if (current != null) {
          messages.add(current.toByteArray());
        }
        current = new ByteArrayOutputStream();
        blank = null;
      } else if (current != null) {
        if (blank != null) {
          current.writeBytes(blank);
          blank = null;
        }
        if (isBlank) {
          blank = Arrays.copyOfRange(mbox, i, next);
        } else {
          int from = i;
          if (mbox[i] == '>') {
            int j = i;
            while (j < end && mbox[j] == '>') {
              j++;
            }
            if (startsWith(mbox, j, end, "From ")) {
              from = i + 1;
            }
          }
          current.write(mbox, from, next - from);
        }
      }
      previousBlank = isBlank;
      i = next;
    }
    if (current != null) {
      messages.add(current.toByteArray());
    }
    return messages;
  }

  /**
   * Whether the line is a whole From_ line, "From sender" alone or followed by an asctime date, so
   * that mboxes without a blank line between messages (MimeKit's simple.mbox and
   * content-length.mbox) still split.
   */
  private static boolean isFromLine(byte[] data, int from, int end) {
    String line = new String(data, from, end - from, StandardCharsets.ISO_8859_1).stripTrailing();
    return FROM_LINE.matcher(line).matches();
  }

  private static boolean startsWith(byte[] data, int from, int end, String prefix) {
    if (end - from < prefix.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (data[from + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
