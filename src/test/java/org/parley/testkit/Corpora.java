package org.parley.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real mail in ../shared/corpora, message by message: each {@code .eml} file, and each message
 * of each {@code .mbox} file (mboxrd: a "From " line after a blank line starts a message, one
 * {@code >} is removed from {@code >From } lines, and the blank line before the next "From "
 * belongs to the mbox, not the message).
 */
public final class Corpora {
  /** One message: the set it comes from (its top folder), where it is, and its bytes. */
  public record Sample(String set, String where, byte[] raw) {}

  private Corpora() {}

  public static List<Sample> all(Path root) {
    List<Sample> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        String set = root.relativize(f).getName(0).toString();
        if (name.endsWith(".eml")) {
          out.add(new Sample(set, root.relativize(f).toString(), Files.readAllBytes(f)));
        } else if (name.endsWith(".mbox")) {
          int i = 0;
          for (byte[] m : splitMbox(Files.readAllBytes(f))) {
            out.add(new Sample(set, root.relativize(f) + "#" + (i++), m));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Splits an mboxrd file into its messages. */
  public static List<byte[]> splitMbox(byte[] mbox) {
    List<byte[]> out = new ArrayList<>();
    ByteArrayOutputStream current = null;
    int pos = 0;
    boolean previousBlank = true;
    // a UTF-8 byte order mark before the first From line is not part of any message
    if (mbox.length >= 3
        && (mbox[0] & 0xff) == 0xef
        && (mbox[1] & 0xff) == 0xbb
        && (mbox[2] & 0xff) == 0xbf) {
      pos = 3;
    }
    while (pos < mbox.length) {
      int end = pos;
      while (end < mbox.length && mbox[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, mbox.length);
      boolean fromLine = startsWith(mbox, pos, "From ");
      if (fromLine && previousBlank) {
        if (current != null) {
          out.add(trimSeparator(current.toByteArray()));
        }
        current = new ByteArrayOutputStream();
      } else if (current != null) {
        int start = pos;
        if (mbox[pos] == '>') {
          int q = pos;
          while (q < end && mbox[q] == '>') {
            q++;
          }
          if (startsWith(mbox, q, "From ")) {
            start = pos + 1;
          }
        }
        current.write(mbox, start, next - start);
      }
      int len = end - pos;
      previousBlank = len == 0 || (len == 1 && mbox[pos] == '\r');
      pos = next;
    }
    if (current != null) {
      out.add(trimSeparator(current.toByteArray()));
    }
    return out;
  }

  private static byte[] trimSeparator(byte[] m) {
    int n = m.length;
    if (n >= 2 && m[n - 1] == '\n' && m[n - 2] == '\n') {
      n--;
    } else if (n >= 3 && m[n - 1] == '\n' && m[n - 2] == '\r' && m[n - 3] == '\n') {
      n -= 2;
    }
    return java.util.Arrays.copyOf(m, n);
  }

  private static boolean startsWith(byte[] b, int pos, String s) {
    if (pos + s.length() > b.length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[pos + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The message as an SMTP client puts it on the wire: every line ending CRLF (RFC 5321 §2.3.8).
   */
  public static byte[] crlf(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 40);
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
    byte[] r = out.toByteArray();
    if (r.length < 2 || r[r.length - 1] != '\n') {
      byte[] ended = java.util.Arrays.copyOf(r, r.length + 2);
      ended[r.length] = '\r';
      ended[r.length + 1] = '\n';
      return ended;
    }
    return r;
  }
}
