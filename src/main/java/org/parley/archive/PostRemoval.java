package org.parley.archive;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.jobs.JobQueue;

/**
 * Removes a post from its group's archive (issue 18, item 5): spam that got through, or a person's
 * request to remove their data. Its owners, managers and site admins do it on the web, the operator
 * with {@code parley post remove}.
 *
 * <p>One transaction marks the post removed, takes it from its topic's count (and its activity, by
 * which topic lists are ordered, goes back to that of the posts left), records the removal in the
 * group's {@link AuditLog} ({@code remove-post}, before: the post's Message-ID, after: {@code
 * removed} and the reason when one is given), and queues the jobs that finish it after the commit:
 * an {@code index} job, which takes the post out of the search index (the indexer removes a post
 * the archive no longer gives it), and, unless the site keeps removed posts for its operators
 * ({@code keep_removed_raw}), a {@link RemovedPostPurge purge-removed} job, which deletes its raw
 * bytes and attachments from the blob store. Without that setting the same transaction also empties
 * the row's text (author, addresses, subject, body, snippet): only its place in the topic, its
 * dates and its Message-ID stay, the last so that a retried delivery of the same message stays a
 * no-op rather than posting it again.
 *
 * <p>From the commit on the post is gone from every path at once, for {@link ArchiveReader} leaves
 * removed posts out of everything it reads: the conversation page shows a tombstone in its place
 * ({@link ArchiveReader#removed}), a topic whose every post is removed leaves the topic list, and
 * raw, attachment, permalink, reply and forward URLs answer as for a post that never was. Copies to
 * members still queued are not sent (the relay job finds the post removed). The web's removal also
 * takes the post out of the search index before it answers; the {@code index} job does it for the
 * command line (in the running site, within about a second) and after a crash. The jobs are
 * idempotent and replayed after a crash, so no row ever points at bytes the pages would then fail
 * to read: the row is marked first, the bytes deleted after.
 */
public final class PostRemoval {
  /** The audit log's word for a removal. */
  public static final String ACTION = "remove-post";

  /** The most characters of a reason kept in the audit log. */
  public static final int MAX_REASON = 500;

  /** What the post's row keeps of its text once removed, unless the site keeps removed posts. */
  private static final String EMPTIED =
      ", from_address = '', from_name = '', to_line = '', cc_line = '', subject = '', snippet ="
          + " '', body_text = '', body_html = NULL, bodies = NULL";

  /**
   * When a post made its topic active, as {@link ArchiveWriter#activity} worked it out when it was
   * archived, from the row: an import's Date as it is, a live post's no later than its arrival and
   * no more than {@code :slack} before it, a post without one its arrival.
   */
  private static final String ACTIVITY =
      "CASE WHEN sent_at IS NULL THEN received_at WHEN source = 'import' THEN sent_at WHEN sent_at"
          + " > received_at THEN received_at WHEN sent_at < received_at - :slack THEN received_at"
          + " - :slack ELSE sent_at END";

  /**
   * A removal as made.
   *
   * @param messageId the removed post's Message-ID
   * @param topic the topic it was in
   * @param topicListed whether the topic still has a post shown (else it left the topic list)
   */
  public record Removed(PostId post, MessageId messageId, TopicId topic, boolean topicListed) {}

  private final Jdbi jdbi;
  private final JobQueue jobs;
  private final AuditLog auditLog;
  private final Clock clock;
  private final boolean keepRemoved;

  /**
   * @param keepRemoved whether removed posts keep their text and bytes for the site's operators
   *     ({@code keep_removed_raw})
   */
  public PostRemoval(
      Jdbi jdbi, JobQueue jobs, AuditLog auditLog, Clock clock, boolean keepRemoved) {
    this.jdbi = jdbi;
    this.jobs = jobs;
    this.auditLog = auditLog;
    this.clock = clock;
    this.keepRemoved = keepRemoved;
  }

  /** Whether removed posts keep their text and bytes for the site's operators. */
  public boolean keepsRemoved() {
    return keepRemoved;
  }

  /**
   * Removes post {@code post} of group {@code groupId}, as {@code by} asks, for {@code reason} (may
   * be blank; cut to {@link #MAX_REASON} characters).
   *
   * @return the removal, or empty when the group has no such post shown: none with that id, one of
   *     another group, or one removed already (a second removal is nothing to do)
   */
  public Optional<Removed> remove(long groupId, PostId post, ChangedBy by, String reason) {
    String why = reason == null ? "" : reason.strip();
    if (why.length() > MAX_REASON) {
      why = why.substring(0, MAX_REASON);
    }
    String after = why.isEmpty() ? "removed" : "removed: " + why;
    return jdbi.inTransaction(
        h -> {
          // the update first: it takes the write lock, and of two removals at once only one finds
          // the post still shown
          Optional<Removed> done =
              h.createQuery(
                      "UPDATE posts SET removed_at = :now"
                          + (keepRemoved ? "" : EMPTIED)
                          + " WHERE id = :id AND group_id = :g AND removed_at IS NULL"
                          + " RETURNING message_id, topic_id")
                  .bind("now", clock.millis())
                  .bind("id", post.value())
                  .bind("g", groupId)
                  .map(
                      (rs, ctx) ->
                          new Removed(
                              post,
                              new MessageId(rs.getString("message_id")),
                              new TopicId(rs.getLong("topic_id")),
                              false))
                  .findOne();
          if (done.isEmpty()) {
            return Optional.<Removed>empty();
          }
          Removed r = done.get();
          h.createUpdate(
                  "UPDATE topics SET post_count = post_count - 1 WHERE id = :t AND post_count > 0")
              .bind("t", r.topic().value())
              .execute();
          // a topic that spam brought to the top of the list goes back to its own place
          h.createUpdate(
                  "UPDATE topics SET first_post_at = COALESCE((SELECT MIN("
                      + ACTIVITY
                      + ") FROM posts WHERE topic_id = :t AND removed_at IS NULL), first_post_at),"
                      + " last_post_at = COALESCE((SELECT MAX("
                      + ACTIVITY
                      + ") FROM posts WHERE topic_id = :t AND removed_at IS NULL), last_post_at)"
                      + " WHERE id = :t")
              .bind("t", r.topic().value())
              .bind("slack", ArchiveWriter.LIVE_DATE_SLACK.toMillis())
              .execute();
          auditLog.action(h, groupId, by, ACTION, r.messageId().bracketed(), after);
          jobs.enqueue(h, ArchiveWriter.INDEX, new PostsPayload(List.of(post)).encode(), 10);
          if (!keepRemoved) {
            jobs.enqueue(h, RemovedPostPurge.KIND, Long.toString(post.value()), 10);
          }
          boolean listed =
              h.createQuery("SELECT post_count FROM topics WHERE id = :t")
                      .bind("t", r.topic().value())
                      .mapTo(Integer.class)
                      .one()
                  > 0;
          return Optional.of(new Removed(post, r.messageId(), r.topic(), listed));
        });
  }

  /**
   * The shown post of group {@code groupId} that {@code idOrMessageId} names: a post id (digits) or
   * a Message-ID (with or without angle brackets; the first post with it, as permalinks take it).
   */
  public static Optional<Post> find(ArchiveReader reader, long groupId, String idOrMessageId) {
    String s = idOrMessageId == null ? "" : idOrMessageId.strip();
    if (s.matches("[0-9]{1,18}")) {
      return reader.post(new PostId(Long.parseLong(s))).filter(p -> p.groupId() == groupId);
    }
    try {
      return reader.postsByMessageId(groupId, MessageId.of(s)).stream().findFirst();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
