package org.parley.group;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * How often a group's digests go out. Each value owns the word the store keeps in {@code
 * site_groups.digest_period}, which the command line and the settings page take too. Periods end at
 * 00:00 UTC: a daily period at every midnight, a weekly one at the midnight that begins a Monday,
 * so every member of every group sees the same boundaries whatever their time zone.
 */
public enum DigestPeriod {
  /** One digest a day, for the posts of the UTC day before. */
  DAILY("daily"),
  /** One digest a week, on Monday at 00:00 UTC, for the week before. */
  WEEKLY("weekly");

  private final String word;

  DigestPeriod(String word) {
    this.word = word;
  }

  /** The word the store keeps for this period. */
  public String word() {
    return word;
  }

  /**
   * The latest end of a period of this length at or before {@code t}: the midnight (UTC) that began
   * {@code t}'s day, or for a weekly period the Monday midnight that began its week.
   */
  public Instant lastEndAtOrBefore(Instant t) {
    LocalDate day = t.atOffset(ZoneOffset.UTC).toLocalDate();
    if (this == WEEKLY) {
      day = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** The first end of a period of this length strictly after {@code t}. */
  public Instant nextEndAfter(Instant t) {
    LocalDate day = lastEndAtOrBefore(t).atOffset(ZoneOffset.UTC).toLocalDate();
    return (this == WEEKLY ? day.plusWeeks(1) : day.plusDays(1))
        .atStartOfDay()
        .toInstant(ZoneOffset.UTC);
  }

  /**
   * The period a stored or typed word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static DigestPeriod of(String word) {
    for (DigestPeriod p : values()) {
      if (p.word.equals(word)) {
        return p;
      }
    }
    throw new IllegalArgumentException("digest-period must be daily or weekly, not " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
