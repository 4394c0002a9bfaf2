package org.parley.mime;

import java.util.Map;

/**
 * Makes attachment file names safe to store and offer for download: only the last segment of a path
 * is kept (against {@code ../} tricks, RFC 2183 §5), control characters and characters that Windows
 * forbids are replaced, invisible formatting characters (bidirectional overrides, zero-width
 * spaces) are dropped, leading dots go, and the length is capped. A part without a name gets one
 * made from its position and media type, e.g. {@code attachment-2.png}.
 */
final class FileNames {

  private static final int MAX_LENGTH = 200;

  private static final Map<String, String> EXTENSIONS =
      Map.ofEntries(
          Map.entry("message/rfc822", "eml"),
          Map.entry("message/global", "eml"),
          Map.entry("text/plain", "txt"),
          Map.entry("text/html", "html"),
          Map.entry("text/calendar", "ics"),
          Map.entry("text/x-patch", "patch"),
          Map.entry("text/x-diff", "diff"),
          Map.entry("image/png", "png"),
          Map.entry("image/jpeg", "jpg"),
          Map.entry("image/gif", "gif"),
          Map.entry("image/webp", "webp"),
          Map.entry("image/svg+xml", "svg"),
          Map.entry("application/pdf", "pdf"),
          Map.entry("application/zip", "zip"),
          Map.entry("application/pgp-signature", "asc"),
          Map.entry("application/pkcs7-signature", "p7s"),
          Map.entry("application/x-pkcs7-signature", "p7s"),
          Map.entry("message/delivery-status", "txt"),
          Map.entry("message/disposition-notification", "txt"));

  private FileNames() {}

  /**
   * A safe name for the part: {@code given} cleaned, or {@code attachment-<number>.<ext>} when
   * nothing usable was given.
   */
  static String of(String given, String contentType, int number) {
    String name = given == null ? "" : clean(given);
    if (name.isEmpty()) {
      return "attachment-" + number + "." + EXTENSIONS.getOrDefault(contentType, "bin");
    }
    return name;
  }

  private static String clean(String given) {
    String name = given;
    int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    if (cut >= 0) {
      name = name.substring(cut + 1);
    }
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints()
        .forEach(
            cp -> {
              if (Character.getType(cp) == Character.FORMAT) {
                // dropped: invisible, and U+202E (right-to-left override) makes
                // "report\u202Efdp.exe" show as "reportexe.pdf"
              } else if (Character.isISOControl(cp) || "<>:\"|?*".indexOf(cp) >= 0) {
                out.append('_');
              } else {
                out.appendCodePoint(cp);
              }
            });
    String result = out.toString().strip();
    while (result.startsWith(".")) {
      result = result.substring(1);
    }
    if (result.length() > MAX_LENGTH) {
      int dot = result.lastIndexOf('.');
      String ext = dot > 0 && result.length() - dot <= 10 ? result.substring(dot) : "";
      result = result.substring(0, MAX_LENGTH - ext.length()) + ext;
    }
    return result.strip();
  }
}
