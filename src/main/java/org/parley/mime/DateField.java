package org.parley.mime;

import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * The one way Parley writes a Date field's value (RFC 5322 §3.3), in UTC: mime4j's, as in {@code
 * Sat, 5 Dec 2026 10:00:00 +0000}; {@link DateReader} reads them back.
 */
public final class DateField {
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private DateField() {}

  /** The value of a Date field for {@code when}. */
  public static String value(Instant when) {
    return MimeUtil.formatDate(Date.from(when), UTC);
  }
}
