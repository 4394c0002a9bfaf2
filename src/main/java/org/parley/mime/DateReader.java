package org.parley.mime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Date header (RFC 5322 §3.3) leniently: comments, a missing or misspelt day of week,
 * missing seconds, fractional seconds, two- and three-digit years (§4.3), dashes as separators, the
 * obsolete named zones (§4.3: UT, GMT, EST...), a missing zone (read as UTC), asctime order ({@code
 * Mon Jan 5 12:00:00 2021}) and ISO 8601. Gives null when nothing sensible can be read.
 */
final class DateReader {

  private static final Pattern RFC5322 =
      Pattern.compile(
          "(\\d{1,2})[\\s-]+([A-Za-z]{3,})\\.?[\\s-]+(\\d{2,4})[\\s,]+(\\d{1,2})[:.](\\d{1,2})"
              + "(?:[:.](\\d{1,2}))?(?:\\.\\d+)?\\s*([+-]\\s?\\d{1,2}:?\\d{2}|[A-Za-z]{1,5})?");

  private static final Pattern ASCTIME =
      Pattern.compile(
          "([A-Za-z]{3,})\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?"
              + "\\s*([A-Za-z]{1,5}|[+-]\\d{4})?\\s+(\\d{4})");

  private static final Map<String, Integer> ZONE_HOURS =
      Map.ofEntries(
          Map.entry("UT", 0),
          Map.entry("GMT", 0),
          Map.entry("UTC", 0),
          Map.entry("Z", 0),
          Map.entry("EST", -5),
          Map.entry("EDT", -4),
          Map.entry("CST", -6),
          Map.entry("CDT", -5),
          Map.entry("MST", -7),
          Map.entry("MDT", -6),
          Map.entry("PST", -8),
          Map.entry("PDT", -7));

  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private DateReader() {}

  /** The instant the value names, or null. */
  static Instant read(String value) {
    String text = MessageIdReader.withoutComments(value).strip();
    try {
      Matcher m = RFC5322.matcher(text);
      if (m.find()) {
        return instant(
            year(m.group(3)),
            m.group(2),
            m.group(1),
            m.group(4),
            m.group(5),
            m.group(6),
            m.group(7));
      }
      m = ASCTIME.matcher(text);
      if (m.find()) {
        return instant(
            year(m.group(7)),
            m.group(1),
            m.group(2),
            m.group(3),
            m.group(4),
            m.group(5),
            m.group(6));
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static int year(String digits) {
    int year = Integer.parseInt(digits);
    if (digits.length() == 2) {
      return year < 50 ? 2000 + year : 1900 + year;
    } else if (digits.length() == 3) {
      return 1900 + year;
    }
    return year;
  }

  private static Instant instant(
      int year, String month, String day, String hour, String minute, String second, String zone) {
    int monthIndex =
        month.length() < 3 ? -1 : MONTHS.indexOf(month.substring(0, 3).toLowerCase(Locale.ROOT));
    if (monthIndex < 0 || monthIndex % 3 != 0) {
      throw new DateTimeParseException("unknown month", month, 0);
    }
    LocalDateTime local =
        LocalDateTime.of(
            year,
            monthIndex / 3 + 1,
            Integer.parseInt(day),
            Integer.parseInt(hour),
            Integer.parseInt(minute),
            second == null ? 0 : Math.min(59, Integer.parseInt(second)));
    return local.toInstant(offset(zone));
  }

  private static ZoneOffset offset(String zone) {
    if (zone == null) {
      return ZoneOffset.UTC;
    }
    String z = zone.replace(" ", "").replace(":", "");
    if (z.startsWith("+") || z.startsWith("-")) {
      int sign = z.startsWith("-") ? -1 : 1;
      String digits = z.substring(1);
      if (digits.length() == 3) {
        digits = "0" + digits;
      }
      int hours = Integer.parseInt(digits.substring(0, 2));
      int minutes = Integer.parseInt(digits.substring(2));
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
    // RFC 5322 §4.3: other alphabetic zones are to be read as -0000, i.e. UTC
    return ZoneOffset.ofHours(ZONE_HOURS.getOrDefault(zone.toUpperCase(Locale.ROOT), 0));
  }
}
