package org.parley.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns bytes into text by the charset a message declares (RFC 2046 §4.1.2, RFC 2047 §2), never
 * failing. Every charset the JDK knows is used; a few labels are read as the superset real mail
 * means (ISO-8859-1 as windows-1252, GB2312 as GBK, Shift_JIS as windows-31j, as the WHATWG
 * Encoding standard does); UTF-7 is decoded here. Bytes with no charset, US-ASCII bytes with the
 * high bit set and unknown charsets are read as UTF-8 when they are valid UTF-8 and as windows-1252
 * otherwise, with a defect noted.
 */
public final class TextDecoder {

  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** Labels read as a wider charset, or a spelling the JDK does not know. */
  private static final Map<String, String> WIDER =
      Map.ofEntries(
          Map.entry("iso-8859-1", "windows-1252"),
          Map.entry("iso8859-1", "windows-1252"),
          Map.entry("latin1", "windows-1252"),
          Map.entry("l1", "windows-1252"),
          Map.entry("iso_8859-1", "windows-1252"),
          Map.entry("iso-8859-9", "windows-1254"),
          Map.entry("iso-8859-11", "x-windows-874"),
          Map.entry("tis-620", "x-windows-874"),
          Map.entry("windows-874", "x-windows-874"),
          Map.entry("gb2312", "GBK"),
          Map.entry("gb_2312-80", "GBK"),
          Map.entry("euc-cn", "GBK"),
          Map.entry("eucgb2312_cn", "GBK"),
          Map.entry("x-gbk", "GBK"),
          Map.entry("ks_c_5601-1987", "x-windows-949"),
          Map.entry("euc-kr", "x-windows-949"),
          Map.entry("shift_jis", "windows-31j"),
          Map.entry("sjis", "windows-31j"),
          Map.entry("x-sjis", "windows-31j"),
          Map.entry("iso-8859-8-i", "iso-8859-8"),
          Map.entry("iso-8859-6-i", "iso-8859-6"),
          Map.entry("utf8", "UTF-8"),
          Map.entry("unicode-1-1-utf-8", "UTF-8"),
          Map.entry("ascii", "US-ASCII"));

  private final Defects defects;

  /** Creates a decoder that notes its defects in {@code defects}. */
  TextDecoder(Defects defects) {
    this.defects = defects;
  }

  /**
   * Decodes {@code bytes} as {@code declared} (a charset label, or null), saying in any defect that
   * the bytes are {@code where} (e.g. "the Subject header").
   */
  String decode(byte[] bytes, String declared, String where) {
    String label = label(declared);
    if (label.isEmpty() || label.equals("us-ascii") || label.equals("ascii")) {
      if (isAscii(bytes)) {
        return new String(bytes, StandardCharsets.US_ASCII);
      }
      String as = guess(bytes);
      defects.add(where + " has 8-bit bytes but no charset for them; read them as " + as);
      return decodeGuessing(bytes);
    }
    if (label.equals("utf-7") || label.equals("unicode-1-1-utf-7")) {
      return Utf7Decoder.decode(bytes);
    }
    Charset charset = lookup(label);
    if (charset == null) {
      String as = isAscii(bytes) ? "ASCII" : guess(bytes);
      defects.add(
          where + " declares the unknown charset \"" + declared.strip() + "\"; read it as " + as);
      return decodeGuessing(bytes);
    }
    try {
      return strict(bytes, charset);
    } catch (CharacterCodingException e) {
      defects.add(
          where + " is not valid " + declared.strip() + "; the bytes that are not were replaced");
      return new String(bytes, charset);
    }
  }

  /** Decodes bytes that came with no charset at all, such as 8-bit header fields. */
  String decodeGuessing(byte[] bytes) {
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      return strict(bytes, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      return new String(bytes, WINDOWS_1252);
    }
  }

  /** Whether the charset label names a charset this decoder can use without guessing. */
  boolean knows(String declared) {
    String label = label(declared);
    return label.equals("utf-7") || lookup(label) != null;
  }

  static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether the bytes are well-formed UTF-8. */
  static boolean isUtf8(byte[] bytes) {
    try {
      strict(bytes, StandardCharsets.UTF_8);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * The text of {@code bytes} in the declared charset, read exactly (nothing replaced), or empty
   * when the charset is unknown or the bytes are not in it: for code that must not change text it
   * cannot read, such as the Decorator putting a footer into a copy. The labels are read as {@link
   * #decode(byte[], String, String)} reads them (ISO-8859-1 as windows-1252, …); text declared
   * US-ASCII, or with no charset, is read as UTF-8, its superset, since undeclared 8-bit text is
   * common.
   */
  public static Optional<String> exactly(byte[] bytes, String declared) {
    String label = label(declared);
    Charset charset =
        label.isEmpty() || label.equals("us-ascii") || label.equals("ascii")
            ? StandardCharsets.UTF_8
            : lookup(label);
    if (charset == null) {
      return Optional.empty();
    }
    if (charset.equals(StandardCharsets.US_ASCII)) {
      charset = StandardCharsets.UTF_8;
    }
    try {
      return Optional.of(strict(bytes, charset));
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String guess(byte[] bytes) {
    return isUtf8(bytes) ? "UTF-8" : "windows-1252";
  }

  private static String label(String declared) {
    if (declared == null) {
      return "";
    }
    String label = declared.strip().toLowerCase(Locale.ROOT);
    if (label.length() >= 2 && label.startsWith("\"") && label.endsWith("\"")) {
      label = label.substring(1, label.length() - 1).strip();
    }
    return label;
  }

  private static Charset lookup(String label) {
    if (label.isEmpty()) {
      return null;
    }
    String name = WIDER.getOrDefault(label, label);
    try {
      return Charset.isSupported(name) ? Charset.forName(name) : null;
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }

  private static String strict(byte[] bytes, Charset charset) throws CharacterCodingException {
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
