package org.parley.jobs;

import static org.parley.jobs.JobState.DONE;
import static org.parley.jobs.JobState.PARKED;
import static org.parley.jobs.JobState.READY;
import static org.parley.jobs.JobState.RUNNING;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.db.Database;

/**
 * The jobs table: work that follows a commit, claimed by workers with a lease. A job is enqueued in
 * the same transaction as the change it follows, so it exists exactly when that change does.
 * Claiming takes rows that are due, or whose lease ran out (their worker died): it looks without a
 * lock, then updates only the rows still claimable, so many workers and nodes can share the table
 * and a claim is never handed out twice.
 */
public final class JobQueue {
  private static final int MAX_IDS = 10_000;

  private final Jdbi jdbi;

  /**
   * For the queue's own bookkeeping (claims, completions, retries): losing the last of these to a
   * power cut only runs a job again, and every job is idempotent. New jobs go in durably.
   */
  private final Jdbi relaxed;

  private final Clock clock;
  private volatile Runnable enqueued = () -> {};

  public JobQueue(Database db, Clock clock) {
    this.jdbi = db.jdbi();
    this.relaxed = db.relaxed();
    this.clock = clock;
  }

  /**
   * What to do once a transaction that enqueued jobs has committed: the site wakes its dispatcher,
   * so a job starts at once rather than at the dispatcher's next poll.
   */
  public void onEnqueued(Runnable action) {
    this.enqueued = action;
  }

  /**
   * Enqueues a job inside the caller's transaction; {@link #onEnqueued} runs after its commit (not
   * if it rolls back).
   */
  public void enqueue(Handle h, String kind, String payload, int maxAttempts) {
    enqueueAt(h, kind, payload, maxAttempts, clock.instant());
  }

  /**
   * As {@link #enqueue(Handle, String, String, int)}, for a job that is not due before {@code
   * runAt} (a notice that waits out its hour, a held message's expiry). The dispatcher reads the
   * queue's clock, so a job becomes due when that clock reaches {@code runAt}.
   */
  public void enqueueAt(Handle h, String kind, String payload, int maxAttempts, Instant runAt) {
    long now = clock.millis();
    h.createUpdate(
            "INSERT INTO jobs (kind, payload, max_attempts, run_at, created_at, updated_at)"
                + " VALUES (:kind, :payload, :max, :runAt, :now, :now)")
        .bind("kind", kind)
        .bind("payload", payload)
        .bind("max", maxAttempts)
        .bind("runAt", Math.max(now, runAt.toEpochMilli()))
        .bind("now", now)
        .execute();
    Runnable action = enqueued;
    if (h.isInTransaction()) {
      h.afterCommit(action);
    } else {
      action.run(); // autocommit: the row is committed already
    }
  }

  /**
   * Enqueues a job inside the caller's transaction already claimed for {@code lease} (running,
   * first attempt), for the caller to hand straight to a worker ({@link Workers#take}) once the
   * transaction has committed: no dispatcher has to find and claim it. If the process stops before
   * the job is settled, it runs again like any job whose worker died: at the next start on the
   * embedded store ({@link #releaseRunning}), otherwise when its lease runs out.
   */
  public Job enqueueClaimed(
      Handle h, String kind, String payload, int maxAttempts, Duration lease) {
    long now = clock.millis();
    long id =
        h.createQuery(
                "INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_at,"
                    + " locked_until, created_at, updated_at) VALUES (:kind, :payload, :running,"
                    + " 1, :max, :now, :lease, :now, :now) RETURNING id")
            .bind("running", RUNNING.word())
            .bind("kind", kind)
            .bind("payload", payload)
            .bind("max", maxAttempts)
            .bind("now", now)
            .bind("lease", now + lease.toMillis())
            .mapTo(Long.class)
            .one();
    return new Job(id, kind, payload, 1, maxAttempts);
  }

  /** Enqueues a job in a transaction of its own. */
  public void enqueue(String kind, String payload, int maxAttempts) {
    jdbi.useTransaction(h -> enqueue(h, kind, payload, maxAttempts));
  }

  /**
   * Claims up to {@code limit} due jobs for {@code lease}. Jobs whose lease ran out after their
   * last allowed attempt are parked instead: a job that kills its worker is not retried for ever.
   */
  public List<Job> claim(int limit, Duration lease) {
    long now = clock.millis();
    // Look first, without a write lock: most polls find nothing due. Both lookups are range scans
    // of the (state, run_at) index, however many finished jobs the table holds.
    List<List<Long>> found =
        relaxed.withHandle(
            h ->
                List.of(
                    h.createQuery(
                            "SELECT id FROM jobs WHERE state = :ready AND run_at <= :now"
                                + " ORDER BY run_at, id LIMIT :limit")
                        .bind("ready", READY.word())
                        .bind("now", now)
                        .bind("limit", limit)
                        .mapTo(Long.class)
                        .list(),
                    h.createQuery(
                            "SELECT id FROM jobs WHERE state = :running AND locked_until < :now"
                                + " ORDER BY id LIMIT :limit")
                        .bind("running", RUNNING.word())
                        .bind("now", now)
                        .bind("limit", limit)
                        .mapTo(Long.class)
                        .list()));
    List<Long> due = new ArrayList<>(found.get(0));
    due.addAll(found.get(1));
    if (due.isEmpty()) {
      return List.of();
    }
    List<Long> chosen = due.subList(0, Math.min(limit, due.size()));
    boolean expired = !found.get(1).isEmpty();
    // Then take them, re-checking each row's state: a row another worker or node claimed in the
    // meantime no longer matches and is left alone (on PostgreSQL the row lock makes the second
    // UPDATE wait and re-read it). With no lease run out, that is one statement, atomic alone.
    if (!expired) {
      return relaxed.withHandle(h -> take(h, chosen, now, lease));
    }
    return relaxed.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE jobs SET state = :parked, locked_until = NULL, updated_at = :now,"
                      + " last_error = COALESCE(last_error, 'its worker stopped while running it')"
                      + " WHERE id IN (<ids>) AND state = :running AND locked_until < :now"
                      + " AND attempts >= max_attempts")
              .bind("parked", PARKED.word())
              .bind("running", RUNNING.word())
              .bind("now", now)
              .bindList("ids", chosen)
              .execute();
          return take(h, chosen, now, lease);
        });
  }

  /**
   * Claims up to {@code limit} due jobs of one kind for {@code lease}, oldest first: for a command
   * that does one kind of work itself while the site is stopped ({@code parley import} indexing the
   * posts it archived), leaving every other job to the site.
   */
  public List<Job> claimKind(String kind, int limit, Duration lease) {
    long now = clock.millis();
    List<Long> due =
        relaxed.withHandle(
            h ->
                h.createQuery(
                        "SELECT id FROM jobs WHERE state = :ready AND kind = :kind"
                            + " AND run_at <= :now ORDER BY id LIMIT :limit")
                    .bind("ready", READY.word())
                    .bind("kind", kind)
                    .bind("now", now)
                    .bind("limit", limit)
                    .mapTo(Long.class)
                    .list());
    return due.isEmpty() ? List.of() : relaxed.withHandle(h -> take(h, due, now, lease));
  }

  /** Marks the given jobs running, those still claimable, and returns them. */
  private static List<Job> take(Handle h, List<Long> ids, long now, Duration lease) {
    return h.createQuery(
            "UPDATE jobs SET state = :running, attempts = attempts + 1,"
                + " locked_until = :lease, updated_at = :now WHERE id IN (<ids>) AND"
                + " ((state = :ready AND run_at <= :now)"
                + " OR (state = :running AND locked_until < :now))"
                + " RETURNING id, kind, payload, attempts, max_attempts")
        .bind("running", RUNNING.word())
        .bind("ready", READY.word())
        .bind("now", now)
        .bind("lease", now + lease.toMillis())
        .bindList("ids", ids)
        .map(
            (rs, ctx) ->
                new Job(
                    rs.getLong("id"),
                    rs.getString("kind"),
                    rs.getString("payload"),
                    rs.getInt("attempts"),
                    rs.getInt("max_attempts")))
        .list();
  }

  /**
   * Marks a job done. Only the run that holds the job settles it: a run whose lease ran out, and
   * whose job was claimed again meanwhile, changes nothing (here, in {@link #retry} and {@link
   * #park}).
   */
  public void complete(Job job) {
    relaxed.useHandle(h -> complete(h, job));
  }

  /**
   * Marks a job done in the caller's transaction, so the job's work and its completion commit
   * together, in one write instead of two (a run that returns {@link Completion#DONE_IN_RUN}).
   */
  public void complete(Handle h, Job job) {
    settle(h, job, DONE, "locked_until = NULL, last_error = NULL", null, null);
  }

  /**
   * Marks running jobs done in one statement (a handler whose jobs complete {@linkplain
   * Completion#LATER later} settles a whole commit's worth at once). A job no longer running (its
   * lease ran out and another run settled it) is left as it is.
   */
  public void completeAll(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    long now = clock.millis();
    List<Long> all = List.copyOf(ids);
    // One statement for any batch a timed commit produces; far larger ones are split, in one
    // transaction, to stay below the drivers' limits on bound parameters (SQLite's 32,766).
    relaxed.useTransaction(
        h -> {
          for (int from = 0; from < all.size(); from += MAX_IDS) {
            h.createUpdate(
                    "UPDATE jobs SET state = :done, locked_until = NULL, last_error = NULL,"
                        + " updated_at = :now WHERE id IN (<ids>) AND state = :running")
                .bind("done", DONE.word())
                .bind("running", RUNNING.word())
                .bind("now", now)
                .bindList("ids", all.subList(from, Math.min(all.size(), from + MAX_IDS)))
                .execute();
          }
        });
  }

  /**
   * Renews a running job's lease for {@code lease} from now, for a job that may outlast it (a large
   * batch through a slow relay): without it, the dispatcher would take the job for abandoned and
   * run it a second time alongside.
   *
   * @return false when this run no longer holds the job (its lease ran out and another run took it,
   *     or it was settled): the run should stop
   */
  public boolean extend(Job job, Duration lease) {
    long now = clock.millis();
    return relaxed.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE jobs SET locked_until = :lease, updated_at = :now WHERE id = :id"
                            + " AND state = :running AND attempts = :attempts")
                    .bind("running", RUNNING.word())
                    .bind("lease", now + lease.toMillis())
                    .bind("now", now)
                    .bind("id", job.id())
                    .bind("attempts", job.attempts())
                    .execute())
        == 1;
  }

  /** Puts a failed job back to run again at {@code runAt}. */
  public void retry(Job job, String error, Instant runAt) {
    settle(
        job,
        READY,
        "locked_until = NULL, last_error = :error, run_at = :runAt",
        truncate(error),
        runAt.toEpochMilli());
  }

  /** Sets a job aside with its error; an operator can {@link #redrive} it. */
  public void park(Job job, String error) {
    settle(job, PARKED, "locked_until = NULL, last_error = :error", truncate(error), null);
  }

  private void settle(Job job, JobState to, String set, String error, Long runAt) {
    relaxed.useHandle(h -> settle(h, job, to, set, error, runAt));
  }

  /** Moves the job from running to {@code to}, setting {@code set} too, if this run holds it. */
  private void settle(Handle h, Job job, JobState to, String set, String error, Long runAt) {
    var update =
        h.createUpdate(
                "UPDATE jobs SET state = :to, "
                    + set
                    + ", updated_at = :now WHERE id = :id AND state = :running"
                    + " AND attempts = :attempts")
            .bind("to", to.word())
            .bind("running", RUNNING.word())
            .bind("now", clock.millis())
            .bind("id", job.id())
            .bind("attempts", job.attempts());
    if (error != null) {
      update.bind("error", error);
    }
    if (runAt != null) {
      update.bind("runAt", runAt);
    }
    update.execute();
  }

  /**
   * Puts parked jobs back in the queue with their attempts restored (after an operator fixed the
   * cause).
   *
   * @return how many jobs were put back
   */
  public int redrive() {
    long now = clock.millis();
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE jobs SET state = :ready, attempts = 0, run_at = :now,"
                        + " updated_at = :now WHERE state = :parked")
                .bind("ready", READY.word())
                .bind("parked", PARKED.word())
                .bind("now", now)
                .execute());
  }

  /** On start-up of a single node: jobs left running by a stopped process run again now. */
  public int releaseRunning() {
    long now = clock.millis();
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE jobs SET state = :ready, locked_until = NULL, run_at = :now,"
                        + " updated_at = :now WHERE state = :running AND attempts < max_attempts")
                .bind("ready", READY.word())
                .bind("running", RUNNING.word())
                .bind("now", now)
                .execute());
  }

  /** How many jobs are in each state; a state no job is in is not in the map. */
  public Map<JobState, Long> countsByState() {
    Map<JobState, Long> out = new EnumMap<>(JobState.class);
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
                .map((rs, ctx) -> Map.entry(JobState.of(rs.getString("state")), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /** How many jobs are in {@code state}. */
  public long count(JobState state) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM jobs WHERE state = :state")
                .bind("state", state.word())
                .mapTo(Long.class)
                .one());
  }

  /**
   * Whether no job is ready or running: for tests and orderly shutdown. A job scheduled for later
   * ({@link #enqueueAt}) and not yet due is not waiting to run, so it does not count; one retried
   * after a failure does, as before.
   */
  public boolean idle() {
    return jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM jobs WHERE state = :running OR (state = :ready AND"
                            + " (run_at <= :now OR attempts > 0))")
                    .bind("running", RUNNING.word())
                    .bind("ready", READY.word())
                    .bind("now", clock.millis())
                    .mapTo(Long.class)
                    .one())
        == 0;
  }

  private static String truncate(String s) {
    if (s == null) {
      return "unknown error";
    }
    return s.length() > 2000 ? s.substring(0, 2000) : s;
  }
}
