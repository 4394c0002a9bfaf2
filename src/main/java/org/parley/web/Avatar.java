package org.parley.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * An initials avatar, made here and drawn by CSS (no image, no outside service): up to two letters
 * from a person's name (or the address when there is none), on a colour chosen from the address so
 * the same person always looks the same. Letters of any script are taken as they are (the first
 * code point of a word), so "Đặng Thu" shows "ĐT" and "山田 太郎" shows "山太".
 *
 * @param initials one or two letters, upper case where the script has case
 * @param hue the background's hue, 0–359; parley.css draws {@link #hueClass} as {@code hsl(hue 45%
 *     30%)}, on which white text keeps a contrast ratio of at least 4.5:1 whatever the hue
 */
public record Avatar(String initials, int hue) {

  /** The avatar of a person with this display name and address (either may be empty). */
  public static Avatar of(String name, String address) {
    String source = name == null || name.isBlank() ? localPart(address) : name;
    return new Avatar(
        initials(source), hue(address == null || address.isBlank() ? source : address));
  }

  /**
   * The CSS class that colours it, {@code hue-0} to {@code hue-345} in steps of 15 degrees (the
   * site's Content-Security-Policy allows no inline style, so the colours are in parley.css).
   */
  public String hueClass() {
    return "hue-" + hue / 15 * 15;
  }

  private static String localPart(String address) {
    if (address == null) {
      return "";
    }
    int at = address.indexOf('@');
    return at < 0 ? address : address.substring(0, at);
  }

  static String initials(String source) {
    StringBuilder out = new StringBuilder();
    for (String word : source.strip().split("[\\s._\\-+\"'()<>,]+")) {
      int cp = word.isEmpty() ? -1 : word.codePointAt(0);
      if (cp < 0 || !Character.isLetterOrDigit(cp)) {
        continue;
      }
      out.appendCodePoint(cp);
      if (out.codePointCount(0, out.length()) == 2) {
        break;
      }
    }
    return out.isEmpty() ? "?" : out.toString().toUpperCase(Locale.ROOT);
  }

  private static int hue(String key) {
    CRC32 crc = new CRC32();
    crc.update(key.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % 360);
  }
}
