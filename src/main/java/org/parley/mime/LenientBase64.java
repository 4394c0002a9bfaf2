package org.parley.mime;

import java.io.ByteArrayOutputStream;

/**
 * Decodes base64 (RFC 4648 §4) as far as it can: characters outside the alphabet are skipped,
 * padding may be missing or wrong, and a dangling last character is ignored. For encoded words (RFC
 * 2047 §4.1) and other short strings; bodies are decoded by mime4j.
 */
final class LenientBase64 {

  private LenientBase64() {}

  /** The bytes encoded in {@code text}, never failing. */
  static byte[] decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 3 / 4);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      int value = value(text.charAt(i));
      if (value < 0) {
        if (text.charAt(i) == '=') {
          break;
        }
        continue;
      }
      buffer = (buffer << 6) | value;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.write((buffer >> bits) & 0xff);
      }
    }
    return out.toByteArray();
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    } else if (c == '+' || c == '-') {
      return 62;
    } else if (c == '/' || c == '_') {
      return 63;
    }
    return -1;
  }
}
