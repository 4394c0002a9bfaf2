package org.parley.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.archive.ArchiveWriter;
import org.parley.archive.PostId;
import org.parley.archive.PostsPayload;
import org.parley.db.Database;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.PermanentJobFailure;
import org.parley.member.DeliveryMode;
import org.parley.member.MemberStatus;
import org.parley.member.TopicChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6 of the spine: decides who gets a copy of a post. Job kind {@value #KIND}, payload a {@link
 * PostsPayload} (the archive enqueues one job for all the posts of a group commit). A run records
 * the copies of all its posts and marks its job done in one transaction ({@link
 * Completion#DONE_IN_RUN}).
 *
 * <p>Recipients are the group's active members with delivery mode {@code each}, and those whose
 * mode sends no copies one by one but who follow the post's topic ({@code member_topics}); not
 * those who muted the topic, nor the post's author (matched by address, case-insensitively) unless
 * they asked for a copy of their own posts. One INSERT…SELECT picks them all. In one transaction it
 * records one {@code outbound} row per recipient and enqueues {@link RelayJob}s of up to {@code
 * batchSize} rows each. The unique (post, recipient) key makes it idempotent: running it again
 * inserts nothing and so enqueues nothing, and no one gets a second copy.
 */
public final class Distributor implements JobHandler {
  public static final String KIND = ArchiveWriter.DISTRIBUTE;
  public static final int DEFAULT_BATCH_SIZE = 500;
  private static final Logger log = LoggerFactory.getLogger(Distributor.class);

  private final Jdbi jdbi;
  private final Jdbi relaxed;
  private final JobQueue queue;
  private final Clock clock;
  private final int batchSize;

  public Distributor(Database db, JobQueue queue, Clock clock) {
    this(db, queue, clock, DEFAULT_BATCH_SIZE);
  }

  /**
   * @param batchSize how many copies one relay job sends
   */
  public Distributor(Database db, JobQueue queue, Clock clock, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
    }
    this.jdbi = db.jdbi();
    this.relaxed = db.relaxed();
    this.queue = queue;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** A run that returns has recorded every copy and marked its job done in one transaction. */
  @Override
  public Completion run(Job job) throws PermanentJobFailure {
    List<PostId> posts = PostsPayload.parse(job.payload()).posts();
    Map<PostId, Header> byId = headers(posts);
    // a post removed before its copies were made gets none (and is not missing)
    List<Header> found =
        posts.stream().map(byId::get).filter(Objects::nonNull).filter(p -> !p.removed()).toList();
    List<PostId> missing = posts.stream().filter(p -> !byId.containsKey(p)).toList();
    if (!found.isEmpty()) {
      // One write transaction for all of them (SQLite has one writer), without a sync of its own,
      // that also marks the job done when every post was found: a power cut that loses it loses
      // the job's completion with it, so the job runs again, and the copies' unique key makes that
      // a no-op for those already recorded. With a post missing the job is parked below instead.
      List<Integer> copies =
          relaxed.inTransaction(
              h -> {
                List<Integer> n = found.stream().map(p -> distribute(h, p)).toList();
                if (missing.isEmpty()) {
                  queue.complete(h, job);
                }
                return n;
              });
      for (int i = 0; i < found.size(); i++) {
        Header post = found.get(i);
        log.info(
            "post {} <{}>: {} new copies queued in {} relay jobs",
            post.id(),
            post.messageId(),
            copies.get(i),
            (copies.get(i) + batchSize - 1) / batchSize);
      }
    }
    if (!missing.isEmpty()) {
      throw new PermanentJobFailure(
          missing.size() == 1
              ? "there is no post " + missing.getFirst()
              : "there are no posts " + missing);
    }
    // with every post removed, no transaction ran to mark the job done
    return found.isEmpty() ? Completion.DONE : Completion.DONE_IN_RUN;
  }

  /** What distributing a post needs to know of it. */
  private record Header(
      PostId id,
      long groupId,
      long topicId,
      String messageId,
      String fromAddress,
      boolean removed) {}

  /** The posts that exist among {@code ids}, by id, removed ones too. */
  private Map<PostId, Header> headers(List<PostId> ids) {
    return relaxed.withHandle(
        h ->
            h
                .createQuery(
                    "SELECT id, group_id, topic_id, message_id, from_address, removed_at FROM posts"
                        + " WHERE id IN (<ids>)")
                .bindList("ids", ids.stream().map(PostId::value).toList())
                .map(
                    (rs, ctx) ->
                        new Header(
                            new PostId(rs.getLong("id")),
                            rs.getLong("group_id"),
                            rs.getLong("topic_id"),
                            rs.getString("message_id"),
                            rs.getString("from_address"),
                            rs.getObject("removed_at") != null))
                .stream()
                .collect(Collectors.toMap(Header::id, p -> p)));
  }

  /**
   * Queues again every copy that was given up after its attempts ({@link CopyState#EXPIRED}: the
   * relay failed it only temporarily, for days), with its attempts back to none, and enqueues relay
   * jobs for them, in batches as distribution does; copies refused for good stay as they are. For
   * {@code parley redrive}, once the relay works again.
   *
   * @return how many copies were queued again
   */
  public int requeueExpired() {
    return jdbi.inTransaction(
        h -> {
          Map<Long, List<Long>> byPost = new TreeMap<>();
          h.createQuery(
                  "UPDATE outbound SET state = :queued, attempts = 0, last_error = NULL"
                      + " WHERE state = :expired RETURNING post_id, id")
              .bind("queued", CopyState.QUEUED.word())
              .bind("expired", CopyState.EXPIRED.word())
              .map((rs, ctx) -> new long[] {rs.getLong("post_id"), rs.getLong("id")})
              .forEach(r -> byPost.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]));
          int n = 0;
          for (Map.Entry<Long, List<Long>> post : byPost.entrySet()) {
            enqueueRelayJobs(
                h, new PostId(post.getKey()), post.getValue().stream().sorted().toList());
            n += post.getValue().size();
          }
          return n;
        });
  }

  /** Records the post's copies and enqueues their relay jobs; returns how many are new. */
  private int distribute(Handle h, Header post) {
    PostId postId = post.id();
    // RETURNING gives only the rows this run inserted: ON CONFLICT skips the others.
    List<Long> ids =
        h
            .createQuery(
                "INSERT INTO outbound (post_id, group_id, recipient, member_token,"
                    + " created_at) SELECT :post, m.group_id, a.email, m.token, :now"
                    + " FROM members m JOIN accounts a ON a.id = m.account_id"
                    + " WHERE m.group_id = :group AND m.status = :active"
                    + " AND (m.delivery = :each OR EXISTS (SELECT 1 FROM member_topics c"
                    + " WHERE c.group_id = m.group_id AND c.account_id = m.account_id"
                    + " AND c.topic_id = :topic AND c.choice = :follow))"
                    + " AND NOT EXISTS (SELECT 1 FROM member_topics c"
                    + " WHERE c.group_id = m.group_id AND c.account_id = m.account_id"
                    + " AND c.topic_id = :topic AND c.choice = :mute)"
                    + " AND (a.email_key <> :author OR m.self_copy)"
                    + " ON CONFLICT (post_id, recipient) DO NOTHING RETURNING id")
            .bind("post", postId.value())
            .bind("now", clock.millis())
            .bind("group", post.groupId())
            .bind("active", MemberStatus.ACTIVE.word())
            .bind("each", DeliveryMode.EACH.word())
            .bind("topic", post.topicId())
            .bind("follow", TopicChoice.FOLLOW.word())
            .bind("mute", TopicChoice.MUTE.word())
            .bind("author", post.fromAddress().toLowerCase(Locale.ROOT))
            .mapTo(Long.class)
            .list()
            .stream()
            .sorted()
            .toList();
    enqueueRelayJobs(h, postId, ids);
    return ids.size();
  }

  /** One relay job for each batch of the post's copies, by outbound id in ascending order. */
  private void enqueueRelayJobs(Handle h, PostId postId, List<Long> ids) {
    for (int i = 0; i < ids.size(); i += batchSize) {
      List<Long> batch = ids.subList(i, Math.min(ids.size(), i + batchSize));
      queue.enqueue(
          h,
          RelayJob.KIND,
          new RelayPayload(postId, batch.getFirst(), batch.getLast()).encode(),
          RelayJob.JOB_ATTEMPTS);
    }
  }
}
