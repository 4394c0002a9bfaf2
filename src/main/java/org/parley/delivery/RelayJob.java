package org.parley.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.parley.archive.ArchiveReader;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.db.Database;
import org.parley.delivery.decorations.Origin;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.LeaseKeeper;
import org.parley.jobs.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 7 and 8 of the spine: decorates a post once and sends the copies of one batch of {@code
 * outbound} rows to the relay. Job kind {@value #KIND}, payload a {@link RelayPayload} (the rows of
 * one post with ids in a range).
 *
 * <p>Only rows still {@linkplain CopyState#QUEUED queued} are sent, so a retried job never sends a
 * copy twice. A copy the relay accepted is marked {@linkplain CopyState#SENT sent}; one it refused
 * for good (RFC 5321 §4.2.1, 5yz) is marked {@linkplain CopyState#FAILED failed} with the reply,
 * and the post's author and the group's owners are told, once per post ({@link RefusalNotice}). A
 * temporary failure (4yz, or no answer) leaves the row queued with one more attempt and the reply,
 * and the job fails at the end so the queue retries it with backoff; a row that reaches {@code
 * maxAttempts} is marked {@linkplain CopyState#EXPIRED expired}. When the relay cannot be reached
 * at all the rest of the batch is not tried until the next run. A copy the relay accepted is
 * recorded as soon as it answers, in a transaction of its own on the store's relaxed handle (no
 * disk sync: a process that is killed loses nothing the operating system was given, and only a
 * power cut can lose the mark, and then the copy goes again): a crash re-sends at most the copies
 * in flight at that moment, one per worker (RELIABILITY A4). Other outcomes are recorded in chunks,
 * every 250 copies or every second, for a retry sends them again in any case.
 *
 * <p>A batch may take longer than a job's lease (500 copies through a relay that takes a second
 * each, or one copy the relay takes minutes to answer): the job renews its lease every third of it
 * while it runs, so no second run takes it for abandoned and sends the same copies alongside. If
 * the lease was lost anyway (the process stalled past it), the run records what it sent and stops.
 */
public final class RelayJob implements JobHandler {
  public static final String KIND = "relay";

  /**
   * Attempts per copy before it is given up: with the queue's backoff (10 s doubling, capped at an
   * hour, plus up to a fifth) 120 attempts span about five days, as Postfix's {@code
   * maximal_queue_lifetime} and Mailman's {@code delivery_retry_period}: long enough for a
   * smarthost's outage over a long weekend.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 120;

  /** The job's own attempts: enough for its rows to reach theirs first. */
  static final int JOB_ATTEMPTS = DEFAULT_MAX_ATTEMPTS + 4;

  /**
   * Refusals and deferrals are recorded every {@value} copies, or every {@link #FLUSH_MILLIS},
   * whichever comes first (a copy sent is recorded at once).
   */
  private static final int FLUSH_EVERY = 250;

  private static final long FLUSH_MILLIS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(RelayJob.class);

  private final Jdbi jdbi;
  private final Jdbi relaxed;
  private final ArchiveReader archive;
  private final GroupStore groups;
  private final Decorator decorator;
  private final Verp verp;
  private final Relay relay;
  private final Clock clock;
  private final int maxAttempts;
  private final JobQueue queue;
  private final Duration lease;

  public RelayJob(
      Database db,
      ArchiveReader archive,
      GroupStore groups,
      Decorator decorator,
      Verp verp,
      Relay relay,
      Clock clock,
      JobQueue queue) {
    this(
        db,
        archive,
        groups,
        decorator,
        verp,
        relay,
        clock,
        DEFAULT_MAX_ATTEMPTS,
        queue,
        Workers.LEASE);
  }

  /**
   * @param maxAttempts attempts per copy before it is marked failed
   * @param queue the jobs table, to renew the lease of a long batch
   * @param lease the lease a run holds its job for ({@link Workers#LEASE})
   */
  public RelayJob(
      Database db,
      ArchiveReader archive,
      GroupStore groups,
      Decorator decorator,
      Verp verp,
      Relay relay,
      Clock clock,
      int maxAttempts,
      JobQueue queue,
      Duration lease) {
    this.jdbi = db.jdbi();
    this.relaxed = db.relaxed();
    this.archive = archive;
    this.groups = groups;
    this.decorator = decorator;
    this.verp = verp;
    this.relay = relay;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.queue = queue;
    this.lease = lease;
  }

  @Override
  public String kind() {
    return KIND;
  }

  private record Row(long id, String recipient, String token, int attempts) {}

  /** How many copies of a run went, failed (for good or given up) and wait for a retry. */
  private static final class Tally {
    int sent;
    int failed;
    int refused; // of the failed: refused for good by the relay (5yz), not given up
    int deferred;

    void add(Outcome o) {
      switch (o.state()) {
        case SENT -> sent++;
        case QUEUED -> deferred++;
        case FAILED -> {
          failed++;
          refused++;
        }
        case EXPIRED -> failed++;
        case WITHDRAWN -> {} // set only before a run sends anything, never as a copy's outcome
      }
    }
  }

  /** What became of the rows sent since the last flush. */
  private record Outcome(long id, CopyState state, String error) {}

  @Override
  public Completion run(Job job) throws Exception {
    RelayPayload batch = RelayPayload.parse(job.payload());
    PostId postId = batch.post();
    List<Row> rows = queued(postId, batch.firstOutboundId(), batch.lastOutboundId());
    if (rows.isEmpty()) {
      return Completion.DONE;
    }
    if (archive.isRemoved(postId)) {
      int n = withdraw(postId);
      log.info("post {} was removed: {} copies still queued are not sent", postId, n);
      return Completion.DONE;
    }
    PostInGroup found = PostInGroup.find(archive, groups, postId);
    Post post = found.post();
    Group group = found.group();
    CopyTemplate template;
    try {
      template = decorator.decorate(group, archive.raw(post), Origin.of(post));
    } catch (IOException e) {
      throw new IOException("cannot read or decorate <" + post.messageId() + ">", e);
    }

    List<Outcome> pending = new ArrayList<>(FLUSH_EVERY);
    Tally tally = new Tally();
    long flushed = clock.millis();
    RelayException unreachable = null;
    String lastError = null;
    try (LeaseKeeper keeper = LeaseKeeper.hold(queue, job, lease)) {
      for (Row row : rows) {
        if (keeper.lost()) {
          log.warn(
              "<{}> batch {} lost its lease; {} copies sent are recorded and the run stops",
              post.messageId(),
              job.payload(),
              tally.sent);
          flush(pending);
          noticeIfRefused(postId, tally);
          return Completion.DONE; // settles nothing: the run that holds the job now does
        }
        Outcome outcome;
        if (unreachable != null) {
          outcome = deferral(row, unreachable.getMessage());
        } else {
          try {
            relay.send(
                verp.returnPath(group.name(), row.token()),
                List.of(row.recipient()),
                template.copyFor(row.token()));
            outcome = new Outcome(row.id(), CopyState.SENT, null);
          } catch (RelayException e) {
            if (e.permanent()) {
              log.warn(
                  "<{}> to {} refused for good: {}", post.messageId(), row.recipient(), e.reply());
              outcome = new Outcome(row.id(), CopyState.FAILED, e.getMessage());
            } else {
              outcome = deferral(row, e.getMessage());
              lastError = e.getMessage();
              if (e.unreachable()) {
                unreachable = e;
              }
            }
          }
        }
        tally.add(outcome);
        if (outcome.state() == CopyState.SENT) {
          sent(outcome.id());
        } else {
          pending.add(outcome);
        }
        if (pending.size() >= FLUSH_EVERY || clock.millis() - flushed >= FLUSH_MILLIS) {
          flush(pending);
          flushed = clock.millis();
        }
      }
    }
    flush(pending);
    noticeIfRefused(postId, tally);
    int deferred = tally.deferred;
    log.info(
        "<{}> batch {}: {} sent, {} failed, {} waiting to retry",
        post.messageId(),
        job.payload(),
        tally.sent,
        tally.failed,
        deferred);
    if (deferred > 0) {
      throw new RelayException(
          false,
          0,
          deferred + " copies of <" + post.messageId() + "> wait for the relay: " + lastError,
          null);
    }
    return Completion.DONE;
  }

  /** Marks every copy of a removed post that still waits as never to be sent; returns how many. */
  private int withdraw(PostId postId) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE outbound SET state = :withdrawn WHERE post_id = :p AND state = :queued")
                .bind("withdrawn", CopyState.WITHDRAWN.word())
                .bind("queued", CopyState.QUEUED.word())
                .bind("p", postId.value())
                .execute());
  }

  /**
   * Once copies of a post are refused for good and recorded, its author and the group's owners are
   * told, once per post ({@link RefusalNotice}), by a job of its own.
   */
  private void noticeIfRefused(PostId post, Tally tally) {
    if (tally.refused > 0) {
      jdbi.useTransaction(h -> RefusalNotice.request(h, queue, post, clock.millis()));
    }
  }

  /**
   * A temporary failure: the row stays queued (its attempts go up by one when flushed), or fails
   * once its attempts run out. Rows skipped because the relay was unreachable count as attempted.
   */
  private Outcome deferral(Row row, String error) {
    if (row.attempts() + 1 >= maxAttempts) {
      return new Outcome(
          row.id(), CopyState.EXPIRED, "gave up after " + maxAttempts + " attempts: " + error);
    }
    return new Outcome(row.id(), CopyState.QUEUED, error);
  }

  private List<Row> queued(PostId post, long first, long last) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, recipient, member_token, attempts FROM outbound"
                        + " WHERE post_id = :p AND id BETWEEN :a AND :b AND state = :queued"
                        + " ORDER BY id")
                .bind("queued", CopyState.QUEUED.word())
                .bind("p", post.value())
                .bind("a", first)
                .bind("b", last)
                .map(
                    (rs, ctx) ->
                        new Row(
                            rs.getLong("id"),
                            rs.getString("recipient"),
                            rs.getString("member_token"),
                            rs.getInt("attempts")))
                .list());
  }

  /** Records one copy the relay accepted, at once (see the class's contract). */
  private void sent(long id) {
    relaxed.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE outbound SET state = :sent, attempts = attempts + 1, last_error ="
                        + " NULL, sent_at = :now WHERE id = :id AND state = :queued")
                .bind("sent", CopyState.SENT.word())
                .bind("queued", CopyState.QUEUED.word())
                .bind("now", clock.millis())
                .bind("id", id)
                .execute());
  }

  private void flush(List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    long now = clock.millis();
    jdbi.useTransaction(
        h -> {
          PreparedBatch batch =
              h.prepareBatch(
                  "UPDATE outbound SET state = :state, attempts = attempts + 1,"
                      + " last_error = :error,"
                      + " sent_at = CASE WHEN :state = :sent THEN :now ELSE sent_at END"
                      + " WHERE id = :id AND state = :queued");
          for (Outcome o : outcomes) {
            batch
                .bind("state", o.state().word())
                .bind("sent", CopyState.SENT.word())
                .bind("queued", CopyState.QUEUED.word())
                .bind("error", truncate(o.error()))
                .bind("now", now)
                .bind("id", o.id())
                .add();
          }
          batch.execute();
        });
    outcomes.clear();
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
  }
}
