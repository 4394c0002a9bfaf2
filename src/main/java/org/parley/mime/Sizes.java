package org.parley.mime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as people read them, in every message Parley shows or sends (limits, refusals,
 * attachments): "512 bytes", "195 KB", "2.5 MB", "25 MB". Units are of 1,024, as mail clients count
 * them.
 */
public final class Sizes {
  private static final Pattern WRITTEN =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(bytes?|b|kb|k|mb|m|gb|g)?", Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  /**
   * Reads a size as people write it, and as {@link #of} writes it: a number of bytes ({@code
   * 1048576}, {@code 1,048,576}), or a number with a unit of 1,024 ({@code 512 KB}, {@code 2.5 MB},
   * {@code 1 GB}; any case, the space optional); empty for anything else, or a size too large to
   * count.
   */
  public static Optional<Long> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = WRITTEN.matcher(text.strip().replace(",", ""));
    if (!m.matches()) {
      return Optional.empty();
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit.charAt(0)) {
          case 'k' -> 1024L;
          case 'm' -> 1024L * 1024;
          case 'g' -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    try {
      BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
      return Optional.of(bytes.setScale(0, RoundingMode.HALF_UP).longValueExact());
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** Whole bytes under 1 KB, whole KB under 1 MB, else MB or GB to one decimal (none for .0). */
  public static String of(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    if (bytes < 1024 * 1024) {
      return Math.round(bytes / 1024.0) + " KB";
    }
    boolean giga = bytes >= 1024L * 1024 * 1024;
    double value = bytes / (giga ? 1024.0 * 1024 * 1024 : 1024.0 * 1024);
    String number = String.format(Locale.ROOT, "%.1f", value);
    if (number.endsWith(".0")) {
      number = number.substring(0, number.length() - 2);
    }
    return number + (giga ? " GB" : " MB");
  }
}
