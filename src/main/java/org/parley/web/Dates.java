package org.parley.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates as pages show them (DESIGN §7.10): always the absolute date and time in the viewer's time
 * zone, with the relative one beside it, e.g. "Nov 25, 2025, 11:48:06 AM (5 days ago)".
 */
public final class Dates {
  private static final DateTimeFormatter ABSOLUTE_PLAIN =
      DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US);

  private final Clock clock;

  public Dates(Clock clock) {
    this.clock = clock;
  }

  /** A date for a page. */
  public record Shown(String absolute, String relative, String iso, String zone) {
    /** "absolute (relative)". */
    public String full() {
      return absolute + " (" + relative + ")";
    }
  }

  public Shown show(Instant when, ZoneId zone) {
    return new Shown(
        ABSOLUTE_PLAIN.format(when.atZone(zone)), relative(when), when.toString(), zone.getId());
  }

  /** "just now", "5 minutes ago", "yesterday", "5 days ago", "3 months ago", "in the future". */
  public String relative(Instant when) {
    Duration d = Duration.between(when, clock.instant());
    if (d.isNegative()) {
      return d.abs().toMinutes() < 2 ? "just now" : "in the future";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return "just now";
    }
    long m = s / 60;
    if (m < 60) {
      return plural(m, "minute") + " ago";
    }
    long h = m / 60;
    if (h < 24) {
      return plural(h, "hour") + " ago";
    }
    long days = h / 24;
    if (days == 1) {
      return "yesterday";
    }
    if (days < 45) {
      return days + " days ago";
    }
    if (days < 365) {
      return plural(Math.round(days / 30.44), "month") + " ago";
    }
    return plural(days / 365, "year") + " ago";
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
