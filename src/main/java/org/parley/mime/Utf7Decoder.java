package org.parley.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-7 (RFC 2152), which the JDK does not provide but old mail still declares: runs of
 * modified base64 between {@code +} and {@code -} carry UTF-16BE code units; {@code +-} is a
 * literal {@code +}; everything else is ASCII.
 */
final class Utf7Decoder {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private Utf7Decoder() {}

  /** Decodes the bytes; bytes that do not fit are kept as Latin-1 characters. */
  static String decode(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      char c = (char) (bytes[i] & 0xff);
      if (c != '+') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i < bytes.length && bytes[i] == '-') {
        out.append('+');
        i++;
        continue;
      }
      ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
      int buffer = 0;
      int bits = 0;
      while (i < bytes.length && ALPHABET.indexOf(bytes[i] & 0xff) >= 0) {
        buffer = (buffer << 6) | ALPHABET.indexOf(bytes[i] & 0xff);
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          utf16.write((buffer >> bits) & 0xff);
        }
        i++;
      }
      if (i < bytes.length && bytes[i] == '-') {
        i++; // the '-' only ends the base64 run
      }
      out.append(new String(utf16.toByteArray(), StandardCharsets.UTF_16BE));
    }
    return out.toString();
  }
}
