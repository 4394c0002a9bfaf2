package org.parley.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B|Q?text?=}) in header text, leniently: white
 * space between adjacent encoded words is dropped (§6.2), adjacent words in the same charset are
 * joined before decoding so a character split across two words survives, the RFC 2231 §5 language
 * suffix ({@code utf-8*en}) is ignored, encoded words inside quoted strings or glued to other text
 * are decoded too, broken base64 is read as far as it goes, and a word that cannot be read at all
 * is left as it was.
 */
final class EncodedWords {

  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?]*)\\?=");

  private final TextDecoder decoder;

  /** Creates a decoder using {@code decoder} for charsets. */
  EncodedWords(TextDecoder decoder) {
    this.decoder = decoder;
  }

  /** Decodes every encoded word in {@code text}; {@code where} names the text in defects. */
  String decode(String text, String where) {
    if (text.indexOf("=?") < 0) {
      return text;
    }
    Matcher m = WORD.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    String pendingCharset = null;
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    while (m.find()) {
      String between = text.substring(last, m.start());
      boolean adjacent = pendingCharset != null && between.isBlank();
      String charset = m.group(1);
      int star = charset.indexOf('*');
      if (star >= 0) {
        charset = charset.substring(0, star);
      }
      if (!(adjacent && charset.equalsIgnoreCase(pendingCharset))) {
        if (pendingCharset != null) {
          out.append(decoder.decode(pending.toByteArray(), pendingCharset, where));
          pending.reset();
        }
        if (!adjacent) {
          out.append(between);
        }
        pendingCharset = charset;
      }
      byte[] bytes =
          m.group(2).toLowerCase(Locale.ROOT).equals("b")
              ? LenientBase64.decode(m.group(3))
              : decodeQ(m.group(3));
      pending.writeBytes(bytes);
      last = m.end();
    }
    if (pendingCharset != null) {
      out.append(decoder.decode(pending.toByteArray(), pendingCharset, where));
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  /** The "Q" encoding of RFC 2047 §4.2: {@code _} is a space, {@code =XX} a byte. */
  private static byte[] decodeQ(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        out.write(' ');
      } else if (c == '='
          && i + 2 < text.length()
          && hex(text.charAt(i + 1)) >= 0
          && hex(text.charAt(i + 2)) >= 0) {
        out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else if (c < 0x100) {
        out.write(c);
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
