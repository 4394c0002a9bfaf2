package org.parley.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entity of a parsed message (RFC 2045 §2.4): its header fields, unfolded but not yet decoded,
 * its media type as mime4j settled it, and either its child parts (multipart, RFC 2046 §5.1) or its
 * decoded content. Built by {@link MimeTreeReader}; read by {@link BodySelector}.
 */
final class MimePart {

  /** One header field: its name and its unfolded value, RFC 2047 words still encoded. */
  record Field(String name, String value) {}

  final List<Field> fields = new ArrayList<>();
  final List<MimePart> children = new ArrayList<>();
  String mimeType = "text/plain";
  String charset;
  byte[] content = new byte[0];

  /** The value of the first field of that name, ignoring case, or null. */
  String field(String name) {
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return f.value();
      }
    }
    return null;
  }

  boolean isMultipart() {
    return mimeType.startsWith("multipart/");
  }

  /** The subtype, e.g. {@code alternative} for {@code multipart/alternative}. */
  String subtype() {
    int slash = mimeType.indexOf('/');
    return slash < 0 ? "" : mimeType.substring(slash + 1).toLowerCase(Locale.ROOT);
  }
}
