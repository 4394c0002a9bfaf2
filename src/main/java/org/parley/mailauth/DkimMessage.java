package org.parley.mailauth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message as DKIM sees it: its header fields, each exactly as it stands (folding and all), and
 * its body, with the two canonicalisations of each (RFC 6376 §3.4). Bytes are read as ISO-8859-1,
 * one character per byte, so 8-bit header text is hashed as it arrived.
 */
final class DkimMessage {
  /** One header field as it stands in the message, its CRLF included. */
  record Field(String name, String raw) {
    /** The field's name in lower case, for matching. */
    String key() {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  private final List<Field> fields;
  private final byte[] bytes;
  private final int bodyStart;

  private DkimMessage(List<Field> fields, byte[] bytes, int bodyStart) {
    this.fields = fields;
    this.bytes = bytes;
    this.bodyStart = bodyStart;
  }

  /**
   * Reads {@code message}, whose lines end in CRLF (see {@link #crlf}): the header section ends at
   * the first empty line; a message without one is all header. A line of the header that is no
   * field (no colon) is kept as a field without a name, which no {@code h=} can select.
   */
  static DkimMessage of(byte[] message) {
    String text = new String(message, StandardCharsets.ISO_8859_1);
    int end;
    int bodyStart;
    if (text.startsWith("\r\n")) {
      end = 0;
      bodyStart = 2;
    } else {
      int blank = text.indexOf("\r\n\r\n");
      end = blank < 0 ? text.length() : blank + 2;
      bodyStart = blank < 0 ? text.length() : blank + 4;
    }
    List<Field> fields = new ArrayList<>();
    int start = 0;
    while (start < end) {
      int lineEnd = start;
      while (true) {
        int crlf = text.indexOf("\r\n", lineEnd);
        if (crlf < 0 || crlf + 2 >= end) {
          lineEnd = crlf < 0 ? end : Math.min(end, crlf + 2);
          break;
        }
        char next = text.charAt(crlf + 2);
        lineEnd = crlf + 2;
        if (next != ' ' && next != '\t') {
          break;
        }
      }
      String raw = text.substring(start, lineEnd);
      int colon = raw.indexOf(':');
      String name = colon < 0 ? "" : raw.substring(0, colon).strip();
      fields.add(new Field(name, raw));
      start = lineEnd;
    }
    return new DkimMessage(List.copyOf(fields), message, bodyStart);
  }

  /** The header fields, top first. */
  List<Field> fields() {
    return fields;
  }

  /** How many fields are named {@code name} (any case). */
  int count(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    int n = 0;
    for (Field f : fields) {
      if (f.key().equals(key)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The fields that {@code h=} names, in its order, each name taking the last instance (the lowest
   * in the header) not yet taken (RFC 6376 §5.4.2); a name with none left selects nothing, which is
   * how an oversigned name hashes.
   */
  List<Field> select(List<String> names) {
    List<Field> out = new ArrayList<>();
    boolean[] taken = new boolean[fields.size()];
    for (String name : names) {
      String key = name.strip().toLowerCase(Locale.ROOT);
      if (key.isEmpty()) {
        continue; // "from::to" names no field between its colons
      }
      for (int i = fields.size() - 1; i >= 0; i--) {
        if (!taken[i] && fields.get(i).key().equals(key)) {
          taken[i] = true;
          out.add(fields.get(i));
          break;
        }
      }
    }
    return out;
  }

  /** A header field canonicalised, CRLF included: relaxed (§3.4.2) or simple (§3.4.1). */
  static String canonical(String raw, boolean relaxed) {
    if (!relaxed) {
      return raw;
    }
    int colon = raw.indexOf(':');
    // only SP and HTAB are white space here (WSP), not Java's wider idea of it
    String name = trimWsp(raw.substring(0, colon)).toLowerCase(Locale.ROOT);
    String value = trimWsp(raw.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " "));
    return name + ":" + value + "\r\n";
  }

  private static String trimWsp(String s) {
    return s.replaceAll("^[ \t]+|[ \t]+$", "");
  }

  /**
   * The body canonicalised (RFC 6376 §3.4.3 simple, §3.4.4 relaxed): trailing empty lines removed;
   * simple ends in one CRLF (an empty body is one CRLF), relaxed also reduces each run of spaces
   * and tabs to one space and removes it at a line's end (an empty body stays empty).
   */
  byte[] body(boolean relaxed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length - bodyStart + 2);
    int pendingBlank = 0; // empty lines seen but not yet written: dropped if nothing follows
    int i = bodyStart;
    int n = bytes.length;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (i < n) {
      line.reset();
      int j = i;
      while (j < n && !(bytes[j] == '\r' && j + 1 < n && bytes[j + 1] == '\n')) {
        j++;
      }
      if (relaxed) {
        boolean space = false;
        for (int k = i; k < j; k++) {
          byte b = bytes[k];
          if (b == ' ' || b == '\t') {
            space = true;
          } else {
            if (space) {
              line.write(' ');
              space = false;
            }
            line.write(b);
          }
        }
      } else {
        line.write(bytes, i, j - i);
      }
      i = j < n ? j + 2 : n;
      if (line.size() == 0) {
        pendingBlank++;
        continue;
      }
      for (; pendingBlank > 0; pendingBlank--) {
        out.write('\r');
        out.write('\n');
      }
      out.write(line.toByteArray(), 0, line.size());
      out.write('\r');
      out.write('\n');
    }
    if (out.size() == 0 && !relaxed) {
      return new byte[] {'\r', '\n'};
    }
    return out.toByteArray();
  }

  /**
   * {@code message} with every line ending in CRLF: a bare LF or CR becomes CRLF, as an SMTP client
   * sends it, so what is signed is what arrives. The same array when nothing needs changing.
   */
  static byte[] crlf(byte[] message) {
    boolean clean = true;
    for (int i = 0; i < message.length && clean; i++) {
      if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
        clean = false;
      } else if (message[i] == '\r' && (i + 1 == message.length || message[i + 1] != '\n')) {
        clean = false;
      }
    }
    if (clean) {
      return message;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
    for (int i = 0; i < message.length; i++) {
      byte b = message[i];
      if (b == '\r') {
        out.write('\r');
        out.write('\n');
        if (i + 1 < message.length && message[i + 1] == '\n') {
          i++;
        }
      } else if (b == '\n') {
        out.write('\r');
        out.write('\n');
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }
}
