package org.parley.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date operators of a search, taken out of its text before the words are parsed: {@code
 * after:D} and {@code before:D} as in Gmail, and public-inbox's {@code d:A..B}.
 *
 * <p>A date is a calendar day ({@code 2024-01-31}, {@code 2024/1/31} or {@code 20240131}) in the
 * viewer's time zone, from its first instant to the first instant of the next day:
 *
 * <ul>
 *   <li>{@code after:D} is on or after day D (Gmail's meaning: D itself is included);
 *   <li>{@code before:D} is before day D (D itself is not included);
 *   <li>{@code d:A..B} is from day A to day B, both included; {@code d:A..} from A on; {@code
 *       d:..B} up to B included; {@code d:A} day A only.
 * </ul>
 *
 * <p>An operator written with a leading {@code -} excludes its period instead. Operators narrow the
 * whole search wherever they are written (they are not words, so {@code OR} does not apply to
 * them); inside {@code "quotes"} they are words. Only the lowercase names are operators, as with
 * {@code subject:}.
 */
final class DateOperators {
  private DateOperators() {}

  /** An operator at a token's start; its value runs to a space, bracket or quote. */
  private static final Pattern OPERATOR = Pattern.compile("([-+]?)(after|before|d):([^\\s()\"]*)");

  private static final Pattern DASHED =
      Pattern.compile("([0-9]{4})([-/])([0-9]{1,2})\\2([0-9]{1,2})");
  private static final Pattern COMPACT = Pattern.compile("([0-9]{4})([0-9]{2})([0-9]{2})");

  private static final String HOW =
      "Write dates as 2024-01-31 or 2024/01/31, and ranges as d:2024-01-01..2024-01-31.";

  /**
   * A period of time an operator stands for.
   *
   * @param written the operator as typed, for messages
   * @param excluded whether it was written with a leading {@code -}: posts in the period are left
   *     out instead of kept
   * @param from the first instant of the period, or empty for no lower bound
   * @param until the first instant after the period, or empty for no upper bound
   */
  record Period(
      String written, boolean excluded, Optional<Instant> from, Optional<Instant> until) {}

  /**
   * A search split into its words and its periods.
   *
   * @param words the text without the date operators (a space where each was)
   * @param periods the operators, in the order written
   */
  record Split(String words, List<Period> periods) {

    /**
     * A sentence for the person when the periods kept leave no time between them (so nothing can
     * match), naming the operators that conflict; empty otherwise.
     */
    Optional<String> conflict() {
      Period latestStart = null;
      Period earliestEnd = null;
      for (Period p : periods) {
        if (p.excluded()) {
          continue;
        }
        if (p.from().isPresent()
            && (latestStart == null || p.from().get().isAfter(latestStart.from().get()))) {
          latestStart = p;
        }
        if (p.until().isPresent()
            && (earliestEnd == null || p.until().get().isBefore(earliestEnd.until().get()))) {
          earliestEnd = p;
        }
      }
      if (latestStart == null
          || earliestEnd == null
          || latestStart.from().get().isBefore(earliestEnd.until().get())) {
        return Optional.empty();
      }
      if (latestStart == earliestEnd) {
        return Optional.of(latestStart.written() + " ends before it starts, so no post can match.");
      }
      return Optional.of(
          latestStart.written()
              + " and "
              + earliestEnd.written()
              + " leave no day between them, so no post can match. (after: includes its day,"
              + " before: does not.)");
    }
  }

  /** A date operator that does not hold a date; the message says which and how to write it. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Takes the date operators out of a search.
   *
   * @param query the search as typed
   * @param zone the time zone whose days the dates name
   * @throws Malformed when an operator's value is not a date or a range of dates
   */
  static Split split(String query, ZoneId zone) throws Malformed {
    StringBuilder words = new StringBuilder(query.length());
    List<Period> periods = new ArrayList<>();
    Matcher m = OPERATOR.matcher(query);
    boolean quoted = false;
    int i = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (c == '\\' && i + 1 < query.length()) {
        words.append(c).append(query.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted
          && (i == 0 || Character.isWhitespace(query.charAt(i - 1)) || query.charAt(i - 1) == '(')
          && m.region(i, query.length()).lookingAt()) {
        periods.add(period(m.group(), m.group(1), m.group(2), m.group(3), zone));
        words.append(' ');
        i = m.end();
        continue;
      }
      words.append(c);
      i++;
    }
    return new Split(words.toString(), List.copyOf(periods));
  }

  private static Period period(String written, String sign, String name, String value, ZoneId zone)
      throws Malformed {
    boolean excluded = sign.equals("-");
    if (value.isEmpty()) {
      throw new Malformed(
          written + " needs a date right after the colon, such as " + name + ":2024-01-31. " + HOW);
    }
    return switch (name) {
      case "after" ->
          new Period(
              written, excluded, Optional.of(start(day(written, value), zone)), Optional.empty());
      case "before" ->
          new Period(
              written, excluded, Optional.empty(), Optional.of(start(day(written, value), zone)));
      default -> range(written, excluded, value, zone);
    };
  }

  /** public-inbox's {@code d:}: a day, or a range of days with either end left open. */
  private static Period range(String written, boolean excluded, String value, ZoneId zone)
      throws Malformed {
    int dots = value.indexOf("..");
    if (dots < 0) {
      LocalDate day = day(written, value);
      return new Period(
          written,
          excluded,
          Optional.of(start(day, zone)),
          Optional.of(start(day.plusDays(1), zone)));
    }
    String first = value.substring(0, dots);
    String last = value.substring(dots + 2);
    if (first.isEmpty() && last.isEmpty()) {
      throw new Malformed(
          written
              + " needs a date on at least one side of the \"..\", such as d:2024-01-01.. "
              + HOW);
    }
    Optional<Instant> from =
        first.isEmpty() ? Optional.empty() : Optional.of(start(day(written, first), zone));
    Optional<Instant> until =
        last.isEmpty()
            ? Optional.empty()
            : Optional.of(start(day(written, last).plusDays(1), zone));
    return new Period(written, excluded, from, until);
  }

  private static Instant start(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toInstant();
  }

  /** A calendar day as written, or a message naming what is wrong with it. */
  private static LocalDate day(String written, String value) throws Malformed {
    Matcher dashed = DASHED.matcher(value);
    Matcher compact = COMPACT.matcher(value);
    Matcher m;
    if (dashed.matches()) {
      m = dashed;
    } else if (compact.matches()) {
      m = compact;
    } else {
      throw new Malformed("In " + written + ", \"" + value + "\" is not a date. " + HOW);
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(m == dashed ? 3 : 2));
    int day = Integer.parseInt(m.group(m == dashed ? 4 : 3));
    if (month < 1 || month > 12) {
      throw new Malformed(
          "In "
              + written
              + ", \""
              + value
              + "\" is not a date: there is no month "
              + month
              + ". "
              + HOW);
    }
    YearMonth ym = YearMonth.of(year, month);
    if (!ym.isValidDay(day)) {
      throw new Malformed(
          "In "
              + written
              + ", \""
              + value
              + "\" is not a date: "
              + ym
              + " has no day "
              + day
              + ". "
              + HOW);
    }
    return ym.atDay(day);
  }
}
