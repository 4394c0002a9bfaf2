package org.parley.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Messages for the benchmarks: mboxrd splitting, CRLF, and stripping list headers. */
final class Mails {
  private Mails() {}

  /** Splits an mboxrd file (From_ line after a blank line or at the start; one '>' unquoted). */
  static List<byte[]> mbox(Path file) throws IOException {
    byte[] data = Files.readAllBytes(file);
    List<byte[]> out = new ArrayList<>();
    ByteArrayOutputStream cur = null;
    boolean prevBlank = true;
    byte[] pendingBlank = null;
    for (int i = 0; i < data.length; ) {
      int end = i;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, data.length);
      boolean blank = end == i || (end == i + 1 && data[i] == '\r');
      if (prevBlank && startsWith(data, i, end, "From ")) {
        if (cur != null) {
          out.add(cur.toByteArray());
        }
        cur = new ByteArrayOutputStream();
        pendingBlank = null;
      } else if (cur != null) {
        if (pendingBlank != null) {
          cur.writeBytes(pendingBlank);
          pendingBlank = null;
        }
        if (blank) {
          pendingBlank = java.util.Arrays.copyOfRange(data, i, next);
        } else {
          int from = i;
          int j = i;
          while (j < end && data[j] == '>') {
            j++;
          }
          if (j > i && startsWith(data, j, end, "From ")) {
            from = i + 1;
          }
          cur.write(data, from, next - from);
        }
      }
      prevBlank = blank;
      i = next;
    }
    if (cur != null) {
      out.add(cur.toByteArray());
    }
    return out;
  }

  /**
   * The message as a client sends it to a list: CRLF line ends, without the header fields (and
   * their continuation lines) named in {@code drop}, such as a former list's Precedence and List-Id
   * that Parley's auto-submitted and loop rules would refuse.
   */
  static byte[] forSubmission(byte[] raw, Set<String> drop) {
    byte[] crlf = crlf(raw);
    ByteArrayOutputStream out = new ByteArrayOutputStream(crlf.length);
    int i = 0;
    boolean dropping = false;
    while (i < crlf.length) {
      int end = i;
      while (end + 1 < crlf.length && !(crlf[end] == '\r' && crlf[end + 1] == '\n')) {
        end++;
      }
      int next = Math.min(end + 2, crlf.length);
      if (end == i) { // the empty line: the body follows unchanged
        out.write(crlf, i, crlf.length - i);
        return out.toByteArray();
      }
      boolean continuation = crlf[i] == ' ' || crlf[i] == '\t';
      if (!continuation) {
        String line = new String(crlf, i, end - i, StandardCharsets.ISO_8859_1);
        int colon = line.indexOf(':');
        dropping =
            colon > 0 && drop.contains(line.substring(0, colon).trim().toLowerCase(Locale.ROOT));
      }
      if (!dropping) {
        out.write(crlf, i, next - i);
      }
      i = next;
    }
    return out.toByteArray();
  }

  static byte[] crlf(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 40 + 2);
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '\n' && (i == 0 || raw[i - 1] != '\r')) {
        out.write('\r');
      } else if (b == '\r' && (i + 1 >= raw.length || raw[i + 1] != '\n')) {
        out.write('\r');
        out.write('\n');
        continue;
      }
      out.write(b);
    }
    if (out.size() < 2 || raw[raw.length - 1] != '\n') {
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
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
