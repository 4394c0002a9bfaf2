package org.parley.bounce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.EmailAddress;
import org.parley.db.Database;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.JobState;
import org.parley.mailtext.BounceSummary;
import org.parley.mailtext.ComplaintNotice;
import org.parley.member.DisabledReason;
import org.parley.member.Member;
import org.parley.member.MemberStatus;
import org.parley.member.MemberStore;
import org.parley.member.Roster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What bounce processing does as time passes, once an hour while there is something to do (the job
 * {@value #KIND}: {@link BounceProcessing} queues it after a report that left work for it, each
 * round queues the next while work is left, and {@link #schedule} queues one at start-up if work is
 * left; a site with no bounces has no such job):
 *
 * <ol>
 *   <li>scores whose last counted day is more than {@link BouncePolicy#staleAfter} ago start again
 *       from nought;
 *   <li>a probe that has not bounced within {@link BouncePolicy#probeWait} shows the address works:
 *       the member's score is forgotten;
 *   <li>a member whose delivery bounces disabled gets a warning every {@link
 *       BouncePolicy#warningInterval} until {@link BouncePolicy#warnings} notices in all were sent;
 *       one interval after the last, the membership is removed, in the group's audit log;
 *   <li>each group's owners get a summary of the members bounces disabled or removed, at most once
 *       per ISO week, and a notice of the complaints received, at most once per day.
 * </ol>
 *
 * The summaries are keyed by group and period in {@code bounce_notices}, and queued in the
 * transaction that records them, so each goes once per period even when a round runs again after a
 * crash or a restart.
 */
public final class BounceRounds implements JobHandler {
  /** The kind of the hourly job. */
  public static final String KIND = "bounce-rounds";

  /** How often the rounds run. */
  static final Duration EVERY = Duration.ofHours(1);

  /** Who the audit log says removed a membership after its warnings: the site, not a person. */
  static final ChangedBy SITE = new ChangedBy.CommandLine("parley (bounces)");

  private static final Logger log = LoggerFactory.getLogger(BounceRounds.class);
  private static final int ATTEMPTS = 100;
  private static final String SUMMARY = "bounce-summary";
  private static final String COMPLAINTS = "complaints";
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final Jdbi jdbi;
  private final JobQueue jobs;
  private final GroupStore groups;
  private final MemberStore members;
  private final Roster roster;
  private final BouncePolicy policy;
  private final BounceNotices notices;
  private final BounceRecords records;
  private final Clock clock;

  public BounceRounds(
      Database db,
      JobQueue jobs,
      GroupStore groups,
      MemberStore members,
      Roster roster,
      BouncePolicy policy,
      BounceNotices notices,
      Clock clock) {
    this.jdbi = db.jdbi();
    this.jobs = jobs;
    this.groups = groups;
    this.members = members;
    this.roster = roster;
    this.policy = policy;
    this.notices = notices;
    this.records = new BounceRecords(clock);
    this.clock = clock;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** Queues a round now if there is work for one and none is queued or running (at start-up). */
  public void schedule() {
    jdbi.useTransaction(
        h -> {
          if (pending(h)) {
            next(h, clock.instant(), true);
          }
        });
  }

  /**
   * Queues a round an hour from now, within the caller's transaction, if there is work for one and
   * none is queued: after a report that changed a score, sent a probe, disabled a member or
   * recorded a complaint.
   */
  void soon(Handle h) {
    if (pending(h)) {
      next(h, clock.instant().plus(EVERY), false);
    }
  }

  /**
   * Whether a round has work: a score or a probe to forget in time, a member disabled by bounces to
   * warn or remove, or owners to tell.
   */
  private boolean pending(Handle h) {
    return h.createQuery(
                "SELECT (SELECT COUNT(*) FROM members WHERE bounce_score > 0 OR probe_sent_at IS NOT"
                    + " NULL OR (status = :disabled AND disabled_reason = :bounces AND :removes))"
                    + " + (SELECT COUNT(*) FROM bounce_events WHERE kind IN ('disabled',"
                    + " 'removed') AND told_owners = FALSE) + (SELECT COUNT(*) FROM complaints"
                    + " WHERE told_owners = FALSE)")
            .bind("disabled", MemberStatus.DISABLED.word())
            .bind("bounces", DisabledReason.BOUNCES.word())
            .bind("removes", policy.warnings() > 0)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  @Override
  public Completion run(Job job) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    int stale =
        jdbi.inTransaction(
            h -> records.forgetStale(h, today.minusDays(policy.staleAfter().toDays())));
    if (stale > 0) {
      log.info("bounce scores of {} member(s) went stale and start again from 0", stale);
    }
    probesExpired(now);
    warnings(now);
    summaries(today, now);
    complaints(today, now);
    jdbi.useTransaction(
        h -> {
          if (pending(h)) {
            next(h, now.plus(EVERY), false);
          }
        });
    return Completion.DONE;
  }

  /**
   * Queues the next round at {@code at}, unless one is queued (or, at start-up, running).
   *
   * <p>The queued round's row is touched (an update that changes nothing) rather than counted: the
   * update holds it until the caller's transaction commits, so a worker that would claim it
   * meanwhile waits, and that round then sees what this transaction wrote. With a count, on
   * PostgreSQL, a round could be claimed and run to its end between the count and the commit of a
   * member's disablement, not see it, and queue no successor: the member was never warned again.
   */
  private void next(Handle h, Instant at, boolean orRunning) {
    int queued =
        h.createUpdate("UPDATE jobs SET run_at = run_at WHERE kind = :k AND state = :ready")
            .bind("k", KIND)
            .bind("ready", JobState.READY.word())
            .execute();
    if (queued == 0 && orRunning) {
      queued =
          h.createQuery("SELECT COUNT(*) FROM jobs WHERE kind = :k AND state = :r")
              .bind("k", KIND)
              .bind("r", JobState.RUNNING.word())
              .mapTo(Integer.class)
              .one();
    }
    if (queued == 0) {
      jobs.enqueueAt(h, KIND, "", ATTEMPTS, at);
    }
  }

  /** Probes out longer than the wait did not bounce: the address works, the score is forgotten. */
  private void probesExpired(Instant now) {
    List<BounceRecords.Probe> out =
        jdbi.withHandle(h -> records.probesOutBefore(h, now.minus(policy.probeWait())));
    for (BounceRecords.Probe p : out) {
      jdbi.useTransaction(
          h -> {
            if (records.settle(h, p.token(), "expired")) {
              Optional<BounceRecords.Bookkeeping> kept =
                  records.bookkeeping(h, p.groupId(), p.account());
              if (kept.isPresent() && kept.get().probeSentAt().isPresent()) {
                records.forget(h, p.groupId(), p.account());
              }
              records.event(h, p.groupId(), p.account(), null, "probe-expired", "", "", false);
            }
          });
      log.info(
          "the probe to account {} of group {} did not bounce within {} days: bounce score reset",
          p.account().value(),
          p.groupId(),
          policy.probeWait().toDays());
    }
  }

  /** Warnings to members disabled by bounces, and removal after the last. */
  private void warnings(Instant now) {
    List<BounceRecords.Disabled> due =
        jdbi.withHandle(h -> records.disabledWarnedBefore(h, now.minus(policy.warningInterval())));
    for (BounceRecords.Disabled d : due) {
      Optional<Group> group = groups.findById(d.groupId());
      Optional<Member> member = members.find(d.groupId(), d.account());
      if (group.isEmpty() || member.isEmpty()) {
        continue;
      }
      if (d.warningsSent() < policy.warnings()) {
        int warning = d.warningsSent() + 1;
        jdbi.useTransaction(
            h -> {
              records.warned(h, d.groupId(), d.account(), warning);
              records.event(h, d.groupId(), d.account(), null, "warning", "", "", false);
              notices.disabled(
                  h,
                  group.get(),
                  member.get().email(),
                  warning,
                  policy.warnings(),
                  removalDay(policy, now, warning),
                  now);
            });
        log.info(
            "{}: warning {} of {} sent to {}, whose delivery bounces disabled",
            group.get().name(),
            warning,
            policy.warnings(),
            member.get().email());
      } else if (policy.warnings() > 0) {
        remove(group.get(), member.get());
      }
    }
  }

  private void remove(Group group, Member member) {
    try {
      if (roster.remove(group.id(), member.accountId(), true, SITE)) {
        jdbi.useTransaction(
            h -> records.event(h, group.id(), member.accountId(), null, "removed", "", "", false));
        log.info(
            "{}: {} removed: delivery was disabled by bounces and {} warnings went unanswered",
            group.name(),
            member.email(),
            policy.warnings());
      }
    } catch (Roster.Refused e) {
      log.warn(
          "{}: {} is disabled by bounces past the last warning but is not removed: {}",
          group.name(),
          member.email(),
          e.getMessage());
    }
  }

  /** The owners' weekly summary of members disabled or removed by bounces. */
  private void summaries(LocalDate today, Instant now) {
    String week =
        today.get(IsoFields.WEEK_BASED_YEAR)
            + "-W"
            + String.format("%02d", today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    List<Long> pending =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT DISTINCT group_id FROM bounce_events WHERE kind IN ('disabled',"
                            + " 'removed') AND told_owners = FALSE")
                    .mapTo(Long.class)
                    .list());
    for (long groupId : pending) {
      Optional<Group> group = groups.findById(groupId);
      if (group.isEmpty()) {
        continue;
      }
      List<EmailAddress> owners = notices.owners(group.get());
      jdbi.useTransaction(
          h -> {
            if (!claim(h, groupId, SUMMARY, week, now)) {
              return; // this week's summary went already
            }
            List<Long> ids = new ArrayList<>();
            List<BounceSummary.Line> lines = new ArrayList<>();
            h.createQuery(
                    "SELECT e.id, a.email, e.kind, e.day, e.status, e.diagnostic FROM"
                        + " bounce_events e JOIN accounts a ON a.id = e.account_id WHERE"
                        + " e.group_id = :g AND e.kind IN ('disabled', 'removed') AND"
                        + " e.told_owners = FALSE ORDER BY e.at, e.id")
                .bind("g", groupId)
                .map(
                    (rs, ctx) -> {
                      ids.add(rs.getLong("id"));
                      String why =
                          (rs.getString("status") + " " + rs.getString("diagnostic")).strip();
                      return new BounceSummary.Line(
                          rs.getString("email"), rs.getString("kind"), rs.getString("day"), why);
                    })
                .forEach(lines::add);
            int told = notices.summary(h, group.get(), owners, lines, now);
            told(h, "bounce_events", ids);
            log.info(
                "{}: weekly bounce summary of {} member(s) sent to {} owner(s)",
                group.get().name(),
                lines.size(),
                told);
          });
    }
  }

  /** The owners' daily notice of the complaints received since the last. */
  private void complaints(LocalDate today, Instant now) {
    List<Long> pending =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT DISTINCT group_id FROM complaints WHERE told_owners = FALSE")
                    .mapTo(Long.class)
                    .list());
    for (long groupId : pending) {
      Optional<Group> group = groups.findById(groupId);
      if (group.isEmpty()) {
        continue;
      }
      List<EmailAddress> owners = notices.owners(group.get());
      jdbi.useTransaction(
          h -> {
            if (!claim(h, groupId, COMPLAINTS, today.toString(), now)) {
              return; // today's notice went already: the next one tomorrow
            }
            List<Long> ids = new ArrayList<>();
            List<ComplaintNotice.Line> lines = new ArrayList<>();
            h.createQuery(
                    "SELECT c.id, a.email, c.feedback_type, c.at FROM complaints c JOIN accounts a"
                        + " ON a.id = c.account_id WHERE c.group_id = :g AND c.told_owners ="
                        + " FALSE ORDER BY c.at, c.id")
                .bind("g", groupId)
                .map(
                    (rs, ctx) -> {
                      ids.add(rs.getLong("id"));
                      return new ComplaintNotice.Line(
                          rs.getString("email"),
                          rs.getString("feedback_type"),
                          MINUTE.format(Instant.ofEpochMilli(rs.getLong("at"))));
                    })
                .forEach(lines::add);
            int told = notices.complaints(h, group.get(), owners, lines, now);
            told(h, "complaints", ids);
            log.info(
                "{}: {} complaint(s) told to {} owner(s)", group.get().name(), lines.size(), told);
          });
    }
  }

  /** Records the notice of {@code kind} for {@code period}; false when it was sent already. */
  private static boolean claim(Handle h, long groupId, String kind, String period, Instant now) {
    return h.createUpdate(
                "INSERT INTO bounce_notices (group_id, kind, period, sent_at) VALUES (:g, :k, :p,"
                    + " :now) ON CONFLICT (group_id, kind, period) DO NOTHING")
            .bind("g", groupId)
            .bind("k", kind)
            .bind("p", period)
            .bind("now", now.toEpochMilli())
            .execute()
        > 0;
  }

  private static void told(Handle h, String table, List<Long> ids) {
    if (!ids.isEmpty()) {
      h.createUpdate("UPDATE " + table + " SET told_owners = TRUE WHERE id IN (<ids>)")
          .bindList("ids", ids)
          .execute();
    }
  }

  /**
   * The day a membership disabled by bounces is removed unless delivery is turned back on, after
   * its {@code warningsSent}th notice at {@code lastWarning}: one interval after the last warning;
   * empty when the policy removes nobody.
   */
  static String removalDay(BouncePolicy policy, Instant lastWarning, int warningsSent) {
    if (policy.warnings() == 0) {
      return "";
    }
    long left = Math.max(0, policy.warnings() - warningsSent) + 1L;
    return LocalDate.ofInstant(
            lastWarning.plus(policy.warningInterval().multipliedBy(left)), ZoneOffset.UTC)
        .toString();
  }
}
