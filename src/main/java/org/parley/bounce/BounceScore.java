package org.parley.bounce;

import java.time.LocalDate;

/**
 * The rules that count one failure toward a member's bounce score, as Mailman 3 counts them, with
 * no store and no clock of their own (the caller gives the day), so a test can walk them day by
 * day.
 *
 * <ul>
 *   <li>A refusal by policy (5.7.x: DMARC, spam, a blocklist) never counts: it is about the message
 *       or the list, not the address.
 *   <li>A score whose last counted day is longer ago than {@link BouncePolicy#staleAfter} is stale
 *       and starts again from nought.
 *   <li>A day counts once: a second failure on the day of the last counted one adds nothing.
 *   <li>A lasting failure (5.x.x) adds one.
 *   <li>A passing failure (4.x.x: a full mailbox, a server down) adds one only when a passing
 *       failure was also reported on an earlier day within the stale period: a failure that repeats
 *       on different days, not one that retries within a day.
 * </ul>
 */
public final class BounceScore {
  private BounceScore() {}

  /**
   * A membership's bounce bookkeeping.
   *
   * @param score the bounce score
   * @param lastDay the last day a failure counted (UTC), null for none
   */
  public record State(int score, LocalDate lastDay) {
    /** No bounces. */
    public static final State CLEAN = new State(0, null);
  }

  /**
   * What one failure did.
   *
   * @param counted whether it raised the score
   * @param after the bookkeeping after it (a stale score forgotten even when nothing counted)
   * @param why in a few words, for the log and {@code bounce_events}
   */
  public record Counted(boolean counted, State after, String why) {}

  /**
   * Counts a failure of {@code kind} reported on {@code today}.
   *
   * @param softBefore whether a passing failure was reported on an earlier day within the stale
   *     period (for a passing failure; ignored otherwise)
   */
  public static Counted count(
      Failure.Kind kind, LocalDate today, State before, boolean softBefore, BouncePolicy policy) {
    State base = stale(before, today, policy) ? State.CLEAN : before;
    if (kind == Failure.Kind.POLICY) {
      return new Counted(false, base, "a refusal by policy never counts");
    }
    if (today.equals(base.lastDay())) {
      return new Counted(false, base, "a bounce counted today already");
    }
    if (kind == Failure.Kind.SOFT && !softBefore) {
      return new Counted(false, base, "a passing failure counts only once it repeats another day");
    }
    return new Counted(true, new State(base.score() + 1, today), "counted");
  }

  /**
   * Whether a score last counted on {@code state.lastDay()} has gone stale by {@code today}: more
   * than {@link BouncePolicy#staleAfter} days have passed.
   */
  public static boolean stale(State state, LocalDate today, BouncePolicy policy) {
    return state.lastDay() != null
        && state.lastDay().plusDays(policy.staleAfter().toDays()).isBefore(today);
  }
}
