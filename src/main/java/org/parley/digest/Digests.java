package org.parley.digest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.AccountId;
import org.parley.archive.ArchiveReader;
import org.parley.db.Database;
import org.parley.group.DigestPeriod;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.jobs.JobQueue;
import org.parley.jobs.JobState;
import org.parley.member.DeliveryMode;
import org.parley.member.MemberStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes digest periods: the posts a group's digests carry are those archived from where its last
 * period ended ({@code site_groups.digest_since}; before the first, the group's creation) up to the
 * period's end. Closing a period owes each active member whose delivery is {@code digest} or {@code
 * abridged} one digest, if anything was posted in it: in one transaction it records a row in {@code
 * digests} for each (keyed by group, account and the period's start, {@code ON CONFLICT DO
 * NOTHING}, so a member is owed one digest per period however often closing runs), queues a {@value
 * DigestJob#KIND} job for each new row, and moves {@code digest_since} to the period's end. So a
 * crash before the commit leaves nothing owed and the period open, to be closed again; after it,
 * every digest is owed exactly once and its job makes it.
 *
 * <p>Periods end at 00:00 UTC ({@link DigestPeriod}); {@link DigestSchedule} closes them. An owner
 * may close the current period at once ({@link #sendNow}): the next period starts then.
 */
public final class Digests {
  private static final Logger log = LoggerFactory.getLogger(Digests.class);

  /** How often a digest's job is tried: as copies and the site's own mail (about five days). */
  static final int MAX_ATTEMPTS = 120;

  private final Jdbi jdbi;
  private final JobQueue jobs;
  private final GroupStore groups;
  private final ArchiveReader reader;
  private final Clock clock;

  public Digests(Database db, JobQueue jobs, GroupStore groups, ArchiveReader reader, Clock clock) {
    this.jdbi = db.jdbi();
    this.jobs = jobs;
    this.groups = groups;
    this.reader = reader;
    this.clock = clock;
  }

  /**
   * Closes every group's period that has ended by now: for a daily group the one ending at the last
   * midnight (UTC), for a weekly one the one ending at the last Monday midnight. A group whose last
   * period ended there already is left alone. A site that was stopped over several period ends
   * closes them as one period, so nobody gets a pile of digests at once.
   *
   * @return how many digests were newly owed
   */
  public int closeEnded() {
    Instant now = clock.instant();
    int owed = 0;
    for (Group g : groups.list()) {
      Instant end = g.digestPeriod().lastEndAtOrBefore(now);
      owed += jdbi.inTransaction(h -> close(h, g, end));
    }
    return owed;
  }

  /**
   * Closes {@code group}'s current period now ("send the digests now"): every member on digest or
   * abridged is owed the posts since the last digest, and the next period starts now and ends at
   * the next period end as usual.
   *
   * @return how many digests were newly owed (0 when nobody gets digests, or nothing was posted
   *     since the last ones)
   */
  public int sendNow(Group group) {
    Instant now = clock.instant();
    int owed = jdbi.inTransaction(h -> close(h, group, now));
    log.info(
        "group {}: the current digest period was closed now by hand; {} digest(s) queued",
        group.name(),
        owed);
    return owed;
  }

  /**
   * Closes {@code group}'s period at {@code end}, in the caller's transaction: records an owed
   * digest for each active member on digest or abridged, queues its job, and moves the group's
   * {@code digest_since} to {@code end}.
   *
   * @return how many digests were newly owed; 0 when the period ended at or after {@code end}
   *     already
   */
  private int close(Handle h, Group group, Instant end) {
    // Takes the group row's write lock first (PostgreSQL; SQLite's transactions hold the store's),
    // so two closings of one group, on two nodes, come one after the other.
    Optional<Long> since =
        h.createQuery(
                "UPDATE site_groups SET digest_since = COALESCE(digest_since, created_at)"
                    + " WHERE id = :g RETURNING digest_since")
            .bind("g", group.id())
            .mapTo(Long.class)
            .findOne();
    if (since.isEmpty() || since.get() >= end.toEpochMilli()) {
      return 0;
    }
    Instant start = Instant.ofEpochMilli(since.get());
    if (reader.countReceived(h, group.id(), start, end) == 0) {
      // nothing was posted: the period ends, and nobody is owed an empty digest
      advance(h, group, end);
      return 0;
    }
    List<Owed> members =
        h.createQuery(
                "SELECT account_id, delivery FROM members WHERE group_id = :g AND status = :active"
                    + " AND delivery IN (:digest, :abridged) ORDER BY account_id")
            .bind("g", group.id())
            .bind("active", MemberStatus.ACTIVE.word())
            .bind("digest", DeliveryMode.DIGEST.word())
            .bind("abridged", DeliveryMode.ABRIDGED.word())
            .map((rs, ctx) -> new Owed(rs.getLong("account_id"), rs.getString("delivery")))
            .list();
    long now = clock.millis();
    int owed = 0;
    for (Owed m : members) {
      int inserted =
          h.createUpdate(
                  "INSERT INTO digests (group_id, account_id, period_start, period_end, kind,"
                      + " state, created_at) VALUES (:g, :a, :start, :end, :kind, :queued, :now)"
                      + " ON CONFLICT (group_id, account_id, period_start) DO NOTHING")
              .bind("g", group.id())
              .bind("a", m.accountId())
              .bind("start", start.toEpochMilli())
              .bind("end", end.toEpochMilli())
              .bind("kind", m.delivery())
              .bind("queued", DigestState.QUEUED.word())
              .bind("now", now)
              .execute();
      if (inserted == 1) {
        jobs.enqueue(
            h,
            DigestJob.KIND,
            new DigestPayload(group.id(), new AccountId(m.accountId()), start).encode(),
            MAX_ATTEMPTS);
        owed++;
      }
    }
    advance(h, group, end);
    if (owed > 0) {
      log.info(
          "group {}: digest period {} to {} closed; {} digest(s) queued",
          group.name(),
          start,
          end,
          owed);
    }
    return owed;
  }

  /** Moves the start of {@code group}'s next period to {@code end}. */
  private static void advance(Handle h, Group group, Instant end) {
    h.createUpdate("UPDATE site_groups SET digest_since = :end WHERE id = :g")
        .bind("end", end.toEpochMilli())
        .bind("g", group.id())
        .execute();
  }

  /**
   * Makes sure a {@value DigestSchedule#KIND} job waits for the next period end (at start-up): one
   * is enqueued, due at the next midnight (UTC), unless one is waiting or running already. Looked
   * for and enqueued in one transaction, so restarts never add a second.
   */
  public void ensureScheduled() {
    jdbi.useTransaction(
        h -> {
          long waiting =
              h.createQuery(
                      "SELECT COUNT(*) FROM jobs WHERE kind = :kind AND state IN (:ready,"
                          + " :running)")
                  .bind("kind", DigestSchedule.KIND)
                  .bind("ready", JobState.READY.word())
                  .bind("running", JobState.RUNNING.word())
                  .mapTo(Long.class)
                  .one();
          if (waiting == 0) {
            scheduleNext(h);
          }
        });
  }

  /**
   * Enqueues the {@value DigestSchedule#KIND} job due at the next midnight (UTC) after now, unless
   * one waits already (a schedule job's run that is repeated enqueues no second one).
   */
  void scheduleNext(Handle h) {
    long waiting =
        h.createQuery("SELECT COUNT(*) FROM jobs WHERE kind = :kind AND state = :ready")
            .bind("kind", DigestSchedule.KIND)
            .bind("ready", JobState.READY.word())
            .mapTo(Long.class)
            .one();
    if (waiting == 0) {
      Instant next = DigestPeriod.DAILY.nextEndAfter(clock.instant());
      jobs.enqueueAt(h, DigestSchedule.KIND, next.toString(), MAX_ATTEMPTS, next);
    }
  }

  /** A member owed a digest: the account, and the delivery word its digest is made for. */
  private record Owed(long accountId, String delivery) {}
}
