package org.parley.moderation;

/**
 * How many posts one sender may make to one group before the {@code sender-rate} rule refuses the
 * next: a brake on auto-responders that answer each other through a group for ever (RELIABILITY
 * E2). Zero turns a limit off.
 *
 * @param perHour the most posts from one sender in one group in any hour ({@code
 *     sender_posts_per_hour})
 * @param perMinute the most in any minute, a brake on bursts ({@code sender_posts_per_minute})
 */
public record PostingRate(int perHour, int perMinute) {
  /** 30 an hour and 5 a minute: more than a person writes to one group, less than a storm. */
  public static final PostingRate DEFAULT = new PostingRate(30, 5);

  /** No limit: every post passes. */
  public static final PostingRate UNLIMITED = new PostingRate(0, 0);

  public PostingRate {
    if (perHour < 0 || perMinute < 0) {
      throw new IllegalArgumentException("a posting rate is zero (no limit) or more");
    }
  }
}
