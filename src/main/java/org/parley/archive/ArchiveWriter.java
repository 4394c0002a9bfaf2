package org.parley.archive;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.parley.jobs.Job;
import org.parley.jobs.JobQueue;
import org.parley.jobs.Workers;
import org.parley.spam.SpamScore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of the spine, the commit point: stores the raw bytes in the blob store and writes the
 * post, its topic, references, attachments (their names, types and hashes: their bytes are read
 * from the raw message), the screen's hits (if any) and follow-up jobs in one transaction.
 *
 * <p>Rows are committed in groups: one thread takes every post waiting, and commits all their rows,
 * their small blobs (nearly every raw message, see {@link BlobStore}) and one index and one
 * distribute job for all of them, in one transaction. Each caller's future completes only after
 * that commit, so an SMTP 250 still means "bytes and rows on disk", while the database does one
 * sync for many posts. A post with a blob too large for the database first has that file written
 * and forced (file, then directories) on a virtual thread of its own, so the syncs of concurrent
 * large posts overlap. If the group's transaction fails, each post is retried alone so one bad row
 * fails only itself.
 *
 * <p>A message already archived in the group with the same Message-ID and the same bytes is a no-op
 * success; one that reuses a Message-ID with other bytes is kept as a post of its own.
 */
public final class ArchiveWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);
  private static final int MAX_BATCH = 256;

  /** Jobs a live post starts; each is idempotent and may be replayed by {@code parley redrive}. */
  public static final String DISTRIBUTE = "distribute";

  /** The job that puts a post in the search index; every archived post gets one, imports too. */
  public static final String INDEX = "index";

  /** A post on its way to the committer, with what can be worked out before it gets there. */
  private record Pending(
      NewPost post,
      CompletableFuture<Archived> done,
      List<String> shas,
      String snippet,
      byte[] bodies,
      List<Optional<BlobStore.Encoded>> encoded,
      List<String> attachmentKeys) {
    /** The same post once its blob is stored: the raw message's key. */
    Pending stored(List<String> keys) {
      return new Pending(post, done, List.copyOf(keys), snippet, bodies, encoded, attachmentKeys);
    }
  }

  /** A post's rows and whether it still needs distributing (not a duplicate, not imported). */
  private record Written(Archived archived, boolean distribute) {}

  private final Jdbi jdbi;
  private final BlobStore blobs;
  private final JobQueue jobs;
  private final Threader threader;
  private final Clock clock;
  private final Workers workers;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread committer;
  private final ExecutorService blobWriters = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean running = true;

  /**
   * @param workers run the jobs each commit enqueues claimed (the others they claim themselves)
   */
  public ArchiveWriter(
      Jdbi jdbi, BlobStore blobs, JobQueue jobs, Threader threader, Clock clock, Workers workers) {
    this.jdbi = jdbi;
    this.blobs = blobs;
    this.jobs = jobs;
    this.threader = threader;
    this.clock = clock;
    this.workers = workers;
    this.committer = Thread.ofPlatform().name("parley-archive").daemon().start(this::run);
  }

  /**
   * Queues the post for the next group commit, its small blobs with it (they are written in the
   * commit's transaction); a post with a blob too large for that first has its files written and
   * forced on a virtual thread of its own. The future completes once the post's rows are committed.
   */
  public CompletableFuture<Archived> archive(NewPost post) {
    return archive(stage(post));
  }

  /**
   * A post made ready for the archive: its snippet, its packed text and the database's form of its
   * small blobs, worked out by {@link #stage} on the caller's thread (an import's parser threads,
   * in parallel), not on the one thread that commits.
   */
  public record Staged(
      NewPost post,
      String snippet,
      byte[] bodies,
      List<Optional<BlobStore.Encoded>> encoded,
      List<String> attachmentKeys) {}

  /**
   * Works out what the archive keeps of a post besides its rows' plain values; see {@link Staged}.
   */
  public static Staged stage(NewPost post) {
    return new Staged(
        post,
        Snippets.of(post.bodyText()),
        PostBodies.pack(post.bodyText(), post.bodyHtml()),
        blobsOf(post).stream()
            .map(
                b ->
                    BlobStore.inline(b)
                        ? Optional.of(BlobStore.encode(b))
                        : Optional.<BlobStore.Encoded>empty())
            .toList(),
        post.attachments().stream().map(a -> BlobStore.sha256(a.data())).toList());
  }

  /** As {@link #archive(NewPost)}, for a post already {@linkplain #stage staged}. */
  public CompletableFuture<Archived> archive(Staged staged) {
    NewPost post = staged.post();
    CompletableFuture<Archived> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(new IOException("the archive is shutting down"));
      return done;
    }
    Pending pending =
        new Pending(
            post,
            done,
            List.of(),
            staged.snippet(),
            staged.bodies(),
            staged.encoded(),
            staged.attachmentKeys());
    if (blobsOf(post).stream().allMatch(BlobStore::inline)) {
      enqueue(pending.stored(keysOf(post)));
      return done;
    }
    try {
      blobWriters.execute(() -> storeBlobs(pending));
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IOException("the archive is shutting down"));
    }
    return done;
  }

  private static List<String> keysOf(NewPost post) {
    return blobsOf(post).stream().map(BlobStore::sha256).toList();
  }

  /**
   * Writes and forces the post's blobs that are too large for the database, and their directories,
   * then hands the post to the committer.
   */
  private void storeBlobs(Pending p) {
    List<String> keys = new ArrayList<>(1);
    Set<String> written = new LinkedHashSet<>();
    try {
      for (byte[] bytes : blobsOf(p.post())) {
        if (BlobStore.inline(bytes)) {
          keys.add(BlobStore.sha256(bytes));
        } else {
          String key = blobs.put(bytes);
          keys.add(key);
          written.add(key);
        }
      }
      blobs.syncDirectories(written);
    } catch (IOException | RuntimeException e) {
      log.error(
          "archive: cannot store {} in the blob store; sender will retry", p.post().messageId(), e);
      p.done().completeExceptionally(e);
      return;
    }
    enqueue(p.stored(keys));
  }

  /**
   * The blobs a post keeps: its raw message alone. Its attachments are read from it when asked for
   * ({@link ArchiveReader#bytes}); a decoded copy beside the raw one took a third of the disk of an
   * archive with attachments.
   */
  private static List<byte[]> blobsOf(NewPost post) {
    return List.of(post.raw());
  }

  private void enqueue(Pending p) {
    queue.add(p);
    if (!running) {
      // close() may have drained the queue already: make sure no caller waits for ever
      failLeftovers();
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.take();
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException | Error e) {
        // An Error too (out of memory for one huge batch, a stack overflow): this one thread
        // commits every post of the site, and if it died every later post would wait and get 451
        // until a restart. Its senders are told to try again; the next batch starts afresh.
        log.error("archive: unexpected failure, {} posts not committed", batch.size(), e);
        batch.forEach(p -> p.done().completeExceptionally(e));
      }
    }
    failLeftovers();
  }

  private void failLeftovers() {
    Pending left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new IOException("the archive is shutting down"));
    }
  }

  private void commit(List<Pending> batch) {
    try {
      List<Job> claimed = new ArrayList<>(2);
      List<Archived> results =
          jdbi.inTransaction(
              h -> {
                claimed.clear();
                List<Written> written = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                  written.add(write(h, p));
                }
                enqueueFollowUps(h, written, claimed);
                return written.stream().map(Written::archived).toList();
              });
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().complete(results.get(i));
      }
      workers.take(claimed);
    } catch (RuntimeException groupFailure) {
      if (batch.size() == 1) {
        log.error("archive: cannot commit {}", batch.get(0).post().messageId(), groupFailure);
        batch.get(0).done().completeExceptionally(groupFailure);
        return;
      }
      for (Pending p : batch) {
        try {
          List<Job> claimed = new ArrayList<>(2);
          p.done()
              .complete(
                  jdbi.inTransaction(
                      h -> {
                        claimed.clear();
                        Written w = write(h, p);
                        enqueueFollowUps(h, List.of(w), claimed);
                        return w.archived();
                      }));
          workers.take(claimed);
        } catch (RuntimeException e) {
          log.error("archive: cannot commit {}", p.post().messageId(), e);
          p.done().completeExceptionally(e);
        }
      }
    }
  }

  /**
   * The jobs that follow a commit, one of each kind for all the new posts of a group commit (one
   * job row instead of one per post; payload: a {@link PostsPayload}): {@code index} for every new
   * post, {@code distribute} for those from a live source. A duplicate that changed nothing starts
   * nothing. While the workers have room the jobs go in claimed and are handed to them after the
   * commit, so no dispatcher has to find and claim them; otherwise they wait ready in the table
   * (and wake the dispatcher once committed, {@link JobQueue#onEnqueued}).
   *
   * @param claimed gets the jobs enqueued claimed, for {@link Workers#take} after the commit
   */
  private void enqueueFollowUps(Handle h, List<Written> written, List<Job> claimed) {
    List<PostId> indexed =
        written.stream()
            .filter(w -> !w.archived().duplicate())
            .map(w -> w.archived().post())
            .toList();
    List<PostId> distributed =
        written.stream().filter(Written::distribute).map(w -> w.archived().post()).toList();
    int n = (indexed.isEmpty() ? 0 : 1) + (distributed.isEmpty() ? 0 : 1);
    boolean handOver = n > 0 && workers.hasRoom(n);
    if (!indexed.isEmpty()) {
      enqueue(h, INDEX, new PostsPayload(indexed), handOver, claimed);
    }
    if (!distributed.isEmpty()) {
      enqueue(h, DISTRIBUTE, new PostsPayload(distributed), handOver, claimed);
    }
  }

  private void enqueue(
      Handle h, String kind, PostsPayload posts, boolean handOver, List<Job> claimed) {
    String payload = posts.encode();
    if (handOver) {
      claimed.add(jobs.enqueueClaimed(h, kind, payload, 10, workers.lease()));
    } else {
      jobs.enqueue(h, kind, payload, 10);
    }
  }

  /**
   * How long before its arrival a live post's Date may put its activity: mail written offline or
   * held up on the way keeps its own date, an older one counts as this old.
   */
  static final Duration LIVE_DATE_SLACK = Duration.ofDays(7);

  /**
   * When a post makes its topic active (the topic's first and last activity, by which the list is
   * ordered): the post's Date, as its page shows it, so the list and the page agree. Imported mail
   * keeps its Date as it is. A live post's Date is never taken as later than its arrival, so a Date
   * in the future cannot keep a topic at the top of the list, nor as more than {@link
   * #LIVE_DATE_SLACK} earlier; a post without one is active from its arrival.
   */
  static Instant activity(NewPost p, Instant arrival) {
    Instant date = p.sentAt();
    if (date == null) {
      return arrival;
    }
    if (!p.distribute()) {
      return date;
    }
    if (date.isAfter(arrival)) {
      return arrival;
    }
    Instant earliest = arrival.minus(LIVE_DATE_SLACK);
    return date.isBefore(earliest) ? earliest : date;
  }

  private Written write(Handle h, Pending pending) {
    NewPost p = pending.post();
    String sha = pending.shas().get(0);
    Optional<Archived> existing =
        h.createQuery(
                "SELECT id, topic_id FROM posts WHERE group_id = :g AND message_id = :m"
                    + " AND raw_sha256 = :sha")
            .bind("g", p.groupId())
            .bind("m", p.messageId().value())
            .bind("sha", sha)
            .map(
                (rs, ctx) ->
                    new Archived(
                        new PostId(rs.getLong("id")), new TopicId(rs.getLong("topic_id")), true))
            .findOne();
    if (existing.isPresent()) {
      return new Written(existing.get(), false);
    }
    Instant now = clock.instant();
    Instant activity = activity(p, now);
    Threader.Placement place = threader.place(h, p, activity);
    TopicId topic;
    if (place.topic().isPresent()) {
      topic = place.topic().get();
      h.createUpdate(
              "UPDATE topics SET post_count = post_count + 1, last_post_at = CASE WHEN"
                  + " last_post_at < :at THEN :at ELSE last_post_at END, first_post_at = CASE WHEN"
                  + " first_post_at > :at THEN :at ELSE first_post_at END WHERE id = :id")
          .bind("at", activity.toEpochMilli())
          .bind("id", topic.value())
          .execute();
    } else {
      String subject = Subjects.clean(p.subject());
      long id =
          h.createQuery(
                  "INSERT INTO topics (group_id, subject, subject_key, first_post_at, last_post_at,"
                      + " post_count) VALUES (:g, :subject, :key, :at, :at, 1) RETURNING id")
              .bind("g", p.groupId())
              .bind("subject", subject.isEmpty() ? "(no subject)" : subject)
              .bind("key", Subjects.key(p.subject()))
              .bind("at", activity.toEpochMilli())
              .mapTo(Long.class)
              .one();
      topic = new TopicId(id);
    }
    long postId =
        // RETURNING rather than generated keys, and the next place in the topic worked out in the
        // same statement: one statement, prepared once per connection
        h.createQuery(
                "INSERT INTO posts (group_id, topic_id, seq, message_id, raw_sha256, raw_size,"
                    + " parent_id, in_reply_to, from_address, from_name, account_id, subject,"
                    + " sent_at, received_at, to_line, cc_line, snippet, body_text, body_html,"
                    + " bodies, defects, source, spam_score, spam_summary, authentication_results)"
                    + " VALUES (:g, :t, (SELECT COALESCE(MAX(seq), 0) + 1 FROM posts WHERE"
                    + " topic_id = :t), :m, :sha, :size, :parent, :irt, :fromAddress, :fromName,"
                    + " :account, :subject, :sentAt, :receivedAt, :to, :cc, :snippet, '', NULL,"
                    + " :bodies, :defects, :source, :spamScore, :spamSummary, :authResults)"
                    + " RETURNING id")
            .bind("g", p.groupId())
            .bind("t", topic.value())
            .bind("m", p.messageId().value())
            .bind("sha", sha)
            .bind("size", (long) p.raw().length)
            .bind("parent", place.parentId())
            .bind("irt", p.inReplyTo())
            .bind("fromAddress", p.fromAddress())
            .bind("fromName", p.fromName())
            .bind("account", p.accountId() == null ? null : p.accountId().value())
            .bind("subject", p.subject())
            .bind("sentAt", p.sentAt() == null ? null : p.sentAt().toEpochMilli())
            .bind("receivedAt", now.toEpochMilli())
            .bind("to", p.toLine())
            .bind("cc", p.ccLine())
            .bind("snippet", pending.snippet())
            .bind("bodies", pending.bodies())
            .bind("defects", p.defects())
            .bind("source", p.source())
            .bind("spamScore", p.spam().map(SpamScore::score).orElse(null))
            .bind("spamSummary", p.spam().map(SpamScore::summary).orElse(null))
            .bind(
                "authResults",
                p.authenticationResults().isEmpty() ? null : p.authenticationResults())
            .mapTo(Long.class)
            .one();
    Map<String, BlobStore.Encoded> inline = new LinkedHashMap<>();
    for (int i = 0; i < pending.encoded().size(); i++) {
      Optional<BlobStore.Encoded> e = pending.encoded().get(i);
      if (e.isPresent()) {
        inline.put(pending.shas().get(i), e.get());
      }
    }
    blobs.putEncoded(h, inline);
    insertRefs(h, postId, p.groupId(), p.references(), p.inReplyTo());
    if (place.topic().isPresent()) {
      // replies that came first (an import out of order) find their parent now
      threader.adoptReplies(h, p.groupId(), topic, postId, p.messageId());
    }
    if (!p.attachments().isEmpty()) {
      PreparedBatch batch =
          h.prepareBatch(
              "INSERT INTO attachments (post_id, idx, filename, content_type, size, blob_sha256,"
                  + " content_id, inline_part) VALUES (:p, :i, :name, :type, :size, :sha, :cid,"
                  + " :inline)");
      for (int i = 0; i < p.attachments().size(); i++) {
        NewPost.NewAttachment a = p.attachments().get(i);
        batch
            .bind("p", postId)
            .bind("i", i)
            .bind("name", a.filename())
            .bind("type", a.contentType())
            .bind("size", (long) a.data().length)
            .bind("sha", pending.attachmentKeys().get(i))
            .bind("cid", a.contentId())
            .bind("inline", a.inline())
            .add();
      }
      batch.execute();
    }
    if (!p.hits().isEmpty()) {
      insertHits(h, postId, p.hits());
    }
    return new Written(new Archived(new PostId(postId), topic, false), p.distribute());
  }

  /**
   * The post's references in {@code post_refs}: those of References, oldest first, then In-Reply-To
   * when References lacks it. The threader finds a post's parent and children by them.
   */
  static void insertRefs(
      Handle h, long postId, long groupId, List<String> references, String inReplyTo) {
    Set<String> refs = new LinkedHashSet<>(references);
    if (inReplyTo != null) {
      refs.add(inReplyTo);
    }
    if (refs.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO post_refs (post_id, group_id, ref, position) VALUES (:p, :g, :r, :i)");
    int position = 0;
    for (String ref : refs) {
      batch.bind("p", postId).bind("g", groupId).bind("r", ref).bind("i", position++).add();
    }
    batch.execute();
  }

  /** The screen's hits for a post, in {@code rule_hits}, in the order its rules ran. */
  private static void insertHits(Handle h, long postId, List<NewPost.RuleHit> hits) {
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO rule_hits (post_id, idx, rule_id, reason) VALUES (:p, :i, :rule, :reason)");
    for (int i = 0; i < hits.size(); i++) {
      batch
          .bind("p", postId)
          .bind("i", i)
          .bind("rule", hits.get(i).rule())
          .bind("reason", hits.get(i).reason())
          .add();
    }
    batch.execute();
  }

  @Override
  public void close() {
    running = false;
    blobWriters.shutdown();
    try {
      blobWriters.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    committer.interrupt();
    try {
      committer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
