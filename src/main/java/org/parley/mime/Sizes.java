package org.parley.mime;

import java.util.Locale;

/**
 * Byte counts as people read them, in every message Parley shows or sends (limits, refusals,
 * attachments): "512 bytes", "195 KB", "2.5 MB", "25 MB". Units are of 1,024, as mail clients count
 * them.
 */
public final class Sizes {
  private Sizes() {}

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
