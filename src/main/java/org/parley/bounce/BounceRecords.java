package org.parley.bounce;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.parley.account.AccountId;
import org.parley.member.DisabledReason;
import org.parley.member.MemberStatus;

/**
 * The store of bounce processing's bookkeeping, each method within the caller's transaction: a
 * membership's bounce score and the day it last counted ({@code members.bounce_score}, {@code
 * bounce_last_day}), its outstanding probe ({@code probe_sent_at}, {@code bounce_probes}), the
 * warnings sent after delivery was disabled ({@code warnings_sent}, {@code last_warning_at}), and
 * the events that led there ({@code bounce_events}).
 */
final class BounceRecords {
  private final Clock clock;

  BounceRecords(Clock clock) {
    this.clock = clock;
  }

  /** Today in UTC, the day bounces count on. */
  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /**
   * A membership's bounce bookkeeping.
   *
   * @param probeSentAt when the outstanding probe was sent, empty when none is
   */
  record Bookkeeping(
      MemberStatus status,
      BounceScore.State score,
      Optional<Instant> probeSentAt,
      int warningsSent,
      Optional<Instant> lastWarningAt) {}

  Optional<Bookkeeping> bookkeeping(Handle h, long groupId, AccountId account) {
    return h.createQuery(
            "SELECT status, bounce_score, bounce_last_day, probe_sent_at, warnings_sent,"
                + " last_warning_at FROM members WHERE group_id = :g AND account_id = :a")
        .bind("g", groupId)
        .bind("a", account.value())
        .map(
            (rs, ctx) -> {
              String day = rs.getString("bounce_last_day");
              long probe = rs.getLong("probe_sent_at");
              boolean noProbe = rs.wasNull();
              long warned = rs.getLong("last_warning_at");
              boolean neverWarned = rs.wasNull();
              return new Bookkeeping(
                  MemberStatus.of(rs.getString("status")),
                  new BounceScore.State(
                      rs.getInt("bounce_score"), day == null ? null : LocalDate.parse(day)),
                  noProbe ? Optional.empty() : Optional.of(Instant.ofEpochMilli(probe)),
                  rs.getInt("warnings_sent"),
                  neverWarned ? Optional.empty() : Optional.of(Instant.ofEpochMilli(warned)));
            })
        .findOne();
  }

  /** Stores a membership's score and the day it last counted. */
  void setScore(Handle h, long groupId, AccountId account, BounceScore.State state) {
    h.createUpdate(
            "UPDATE members SET bounce_score = :s, bounce_last_day = :d WHERE group_id = :g AND"
                + " account_id = :a")
        .bind("s", state.score())
        .bind("d", state.lastDay() == null ? null : state.lastDay().toString())
        .bind("g", groupId)
        .bind("a", account.value())
        .execute();
  }

  /**
   * Whether a passing failure was recorded for the membership on a day before {@code today} within
   * the stale period.
   */
  boolean softBefore(Handle h, long groupId, AccountId account, LocalDate today, BouncePolicy p) {
    return h.createQuery(
                "SELECT COUNT(*) FROM bounce_events WHERE group_id = :g AND account_id = :a AND kind ="
                    + " :kind AND day < :today AND day >= :from")
            .bind("g", groupId)
            .bind("a", account.value())
            .bind("kind", "soft")
            .bind("today", today.toString())
            .bind("from", today.minusDays(p.staleAfter().toDays()).toString())
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /**
   * Whether a passing failure of the probe sent at {@code sentAt} was recorded on a day before
   * {@code today}.
   */
  boolean probeSoftBefore(
      Handle h, long groupId, AccountId account, Instant sentAt, LocalDate today) {
    return h.createQuery(
                "SELECT COUNT(*) FROM bounce_events WHERE group_id = :g AND account_id = :a AND kind ="
                    + " :kind AND day < :today AND at >= :sent")
            .bind("g", groupId)
            .bind("a", account.value())
            .bind("kind", "probe-soft")
            .bind("today", today.toString())
            .bind("sent", sentAt.toEpochMilli())
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /**
   * Records an event of a membership.
   *
   * @param reportId the report it came from, null for a step the site took on its own
   * @param kind {@code hard}, {@code soft}, {@code policy}, {@code auto-reply}, {@code probe-hard},
   *     {@code probe-soft}, {@code probe-policy}, {@code probe}, {@code probe-expired}, {@code
   *     disabled}, {@code warning} or {@code removed}
   */
  void event(
      Handle h,
      long groupId,
      AccountId account,
      Long reportId,
      String kind,
      String status,
      String diagnostic,
      boolean counted) {
    Instant now = clock.instant();
    h.createUpdate(
            "INSERT INTO bounce_events (group_id, account_id, report_id, at, day, kind, status,"
                + " diagnostic, counted) VALUES (:g, :a, :r, :at, :day, :kind, :status, :diag,"
                + " :counted)")
        .bind("g", groupId)
        .bind("a", account.value())
        .bind("r", reportId)
        .bind("at", now.toEpochMilli())
        .bind("day", LocalDate.ofInstant(now, ZoneOffset.UTC).toString())
        .bind("kind", kind)
        .bind("status", status == null ? "" : status)
        .bind("diag", diagnostic == null ? "" : shorten(diagnostic))
        .bind("counted", counted)
        .execute();
  }

  /** Records a probe sent to the membership, with the token of its return path. */
  void probeSent(Handle h, long groupId, AccountId account, String token) {
    long now = clock.millis();
    h.createUpdate(
            "INSERT INTO bounce_probes (token, group_id, account_id, sent_at) VALUES (:t, :g, :a,"
                + " :now)")
        .bind("t", token)
        .bind("g", groupId)
        .bind("a", account.value())
        .bind("now", now)
        .execute();
    h.createUpdate(
            "UPDATE members SET probe_sent_at = :now WHERE group_id = :g AND account_id = :a")
        .bind("now", now)
        .bind("g", groupId)
        .bind("a", account.value())
        .execute();
  }

  /**
   * A probe, by the token of its return path.
   *
   * @param outcome empty while it is out; {@code bounced} or {@code expired} once settled
   */
  record Probe(String token, long groupId, AccountId account, Instant sentAt, String outcome) {}

  Optional<Probe> probe(Handle h, String token) {
    return h.createQuery(
            "SELECT token, group_id, account_id, sent_at, outcome FROM bounce_probes WHERE token ="
                + " :t")
        .bind("t", token)
        .map(
            (rs, ctx) ->
                new Probe(
                    rs.getString("token"),
                    rs.getLong("group_id"),
                    new AccountId(rs.getLong("account_id")),
                    Instant.ofEpochMilli(rs.getLong("sent_at")),
                    rs.getString("outcome") == null ? "" : rs.getString("outcome")))
        .findOne();
  }

  /** The probes still out that were sent before {@code before}. */
  List<Probe> probesOutBefore(Handle h, Instant before) {
    return h.createQuery(
            "SELECT token, group_id, account_id, sent_at FROM bounce_probes WHERE outcome IS NULL"
                + " AND sent_at <= :before")
        .bind("before", before.toEpochMilli())
        .map(
            (rs, ctx) ->
                new Probe(
                    rs.getString("token"),
                    rs.getLong("group_id"),
                    new AccountId(rs.getLong("account_id")),
                    Instant.ofEpochMilli(rs.getLong("sent_at")),
                    ""))
        .list();
  }

  /** Settles a probe: {@code bounced} or {@code expired}; false when it was settled already. */
  boolean settle(Handle h, String token, String outcome) {
    return h.createUpdate(
                "UPDATE bounce_probes SET outcome = :o WHERE token = :t AND outcome IS NULL")
            .bind("o", outcome)
            .bind("t", token)
            .execute()
        > 0;
  }

  /**
   * Forgets a membership's bounces: its score, the day it last counted and its outstanding probe (a
   * probe that did not bounce, a stale score).
   */
  void forget(Handle h, long groupId, AccountId account) {
    h.createUpdate(
            "UPDATE members SET bounce_score = 0, bounce_last_day = NULL, probe_sent_at = NULL"
                + " WHERE group_id = :g AND account_id = :a")
        .bind("g", groupId)
        .bind("a", account.value())
        .execute();
  }

  /**
   * Forgets every active membership's score last counted before {@code firstFreshDay} with no probe
   * out: scores gone stale.
   *
   * @return how many
   */
  int forgetStale(Handle h, LocalDate firstFreshDay) {
    return h.createUpdate(
            "UPDATE members SET bounce_score = 0, bounce_last_day = NULL WHERE bounce_score > 0"
                + " AND probe_sent_at IS NULL AND status = :active AND bounce_last_day < :day")
        .bind("active", MemberStatus.ACTIVE.word())
        .bind("day", firstFreshDay.toString())
        .execute();
  }

  /** Records that a notice or warning was sent to a membership disabled by bounces. */
  void warned(Handle h, long groupId, AccountId account, int warningsSent) {
    h.createUpdate(
            "UPDATE members SET warnings_sent = :n, last_warning_at = :now, probe_sent_at = NULL"
                + " WHERE group_id = :g AND account_id = :a")
        .bind("n", warningsSent)
        .bind("now", clock.millis())
        .bind("g", groupId)
        .bind("a", account.value())
        .execute();
  }

  /** A membership disabled by bounces and the warnings sent to it. */
  record Disabled(long groupId, AccountId account, int warningsSent, Instant lastWarningAt) {}

  /** The memberships disabled by bounces whose last notice was sent at or before {@code before}. */
  List<Disabled> disabledWarnedBefore(Handle h, Instant before) {
    return h.createQuery(
            "SELECT group_id, account_id, warnings_sent, last_warning_at FROM members WHERE status"
                + " = :disabled AND disabled_reason = :bounces AND last_warning_at <= :before")
        .bind("disabled", MemberStatus.DISABLED.word())
        .bind("bounces", DisabledReason.BOUNCES.word())
        .bind("before", before.toEpochMilli())
        .map(
            (rs, ctx) ->
                new Disabled(
                    rs.getLong("group_id"),
                    new AccountId(rs.getLong("account_id")),
                    rs.getInt("warnings_sent"),
                    Instant.ofEpochMilli(rs.getLong("last_warning_at"))))
        .list();
  }

  /** A diagnostic as long as a log line and a summary can show. */
  static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 300 ? one : one.substring(0, 300) + "…";
  }
}
