package org.parley.moderation;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.parley.archive.BlobStore;
import org.parley.archive.UnusedBlobPurge;
import org.parley.group.GroupName;
import org.parley.jobs.JobQueue;
import org.parley.spam.SpamScore;

/**
 * The messages a group's {@link Chain} held for a moderator, with the hits that held them (DESIGN
 * §3 step 2). A message is kept as the {@code ingest.Quarantine} keeps one: its raw bytes in the
 * blob store (forced to disk before the row is committed), its envelope and the way it came in a
 * row, so it can take the one path again when a moderator approves it. {@link #hold} returns only
 * after that commit, and only then is the sender told the message was taken.
 *
 * <p>The same bytes held twice for the same group (a sender retrying after a lost answer) are one
 * held message. Approval, rejection, discarding and expiry remove the message; its bytes are then
 * deleted by the {@code purge-blob} job ({@link UnusedBlobPurge}) unless something still needs them
 * (an approved message's post does).
 *
 * <p>A new held message queues, in the transaction that keeps it, what follows from it (the jobs
 * are handled in {@code org.parley.review}): the moderators' notice ({@value #NOTICE_JOB}, payload
 * the group's id), the notice to its sender that it awaits a moderator ({@value #RECEIPT_JOB}) and,
 * a day later, the first look at whether it has waited too long ({@value #EXPIRY_JOB}; both with
 * the held message's id as payload).
 */
public final class HeldMessages {
  /**
   * How a held message came: the SMTP envelope (RFC 5321 §2.3.1) or its web equivalent, and the
   * path's name ({@code smtp}, {@code web}, {@code api}).
   */
  public record Origin(String mailFrom, List<String> recipients, String remote, String source) {
    public Origin {
      recipients = List.copyOf(recipients);
    }
  }

  /**
   * One held message.
   *
   * @param fromAddress the author's address, for listings (as the post would be archived from)
   * @param hits what the rules found, in the order they ran
   * @param spam what the site's spam filter in front said of it; empty when none looked at it
   * @param authenticationResults the site's Authentication-Results for the message (RFC 8601): what
   *     the door found out about its sender; empty when nothing was checked
   */
  public record Held(
      long id,
      long groupId,
      GroupName group,
      String rawSha256,
      long rawSize,
      Origin origin,
      String fromAddress,
      String subject,
      Instant heldAt,
      List<RecordedHit> hits,
      Optional<SpamScore> spam,
      String authenticationResults) {
    public Held {
      hits = List.copyOf(hits);
      authenticationResults = authenticationResults == null ? "" : authenticationResults;
    }

    /**
     * Whether the address it claims to be from is not proven: it was held because it came as from a
     * member but failed that member's domain's DMARC check ({@code dmarc-moderation}), so it may be
     * forged. Nobody should be mailed, always allowed or banned on its account: the address may
     * belong to someone who never sent it.
     */
    public boolean senderUnproven() {
      return hits.stream().anyMatch(h -> h.rule().equals(UNPROVEN_RULE));
    }
  }

  /**
   * The rule whose hit means a held message's sender is not proven ({@link Held#senderUnproven}).
   */
  public static final String UNPROVEN_RULE = "dmarc-moderation";

  /** The job that mails a group's moderators what waits for them. */
  public static final String NOTICE_JOB = "moderator-notice";

  /** The job that tells a held message's sender, once, that it awaits a moderator. */
  public static final String RECEIPT_JOB = "held-receipt";

  /** The job that drops a held message that waited longer than its group keeps one. */
  public static final String EXPIRY_JOB = "expire-held";

  /** How often a held message's age is looked at: its group's expiry may change meanwhile. */
  public static final Duration EXPIRY_LOOK = Duration.ofDays(1);

  private static final int JOB_ATTEMPTS = 10;

  private static final String COLUMNS =
      "m.id, m.group_id, g.name, m.raw_sha256, m.raw_size, m.mail_from, m.recipients, m.remote,"
          + " m.source, m.from_address, m.subject, m.held_at, m.spam_score, m.spam_summary,"
          + " m.authentication_results";
  private static final String FROM =
      " FROM held_messages m JOIN site_groups g ON g.id = m.group_id";

  private final Jdbi jdbi;
  private final BlobStore blobs;
  private final Clock clock;
  private final JobQueue jobs;

  public HeldMessages(Jdbi jdbi, BlobStore blobs, Clock clock, JobQueue jobs) {
    this.jdbi = jdbi;
    this.blobs = blobs;
    this.clock = clock;
    this.jobs = jobs;
  }

  /**
   * Keeps {@code raw} for a moderator of the group, with its hits, as {@link #hold(long, byte[],
   * Origin, String, String, List, String)} does for a message whose sender was not checked.
   *
   * @throws IOException if the bytes cannot be stored (nothing was kept: the sender should retry)
   */
  public Held hold(
      long groupId,
      byte[] raw,
      Origin origin,
      String fromAddress,
      String subject,
      List<RecordedHit> hits)
      throws IOException {
    return hold(groupId, raw, origin, fromAddress, subject, hits, Optional.empty(), "");
  }

  /**
   * Keeps {@code raw} for a moderator of the group, with its hits, what the site's spam filter in
   * front said of it and what the door found out about its sender, both shown to its moderators;
   * returns once the bytes and the row are committed. A message already held (same group, same
   * bytes) is returned as it is.
   *
   * @param spam what the spam filter said; empty when none looked at it
   * @param authenticationResults the site's Authentication-Results for it; empty when its sender
   *     was not checked
   * @throws IOException if the bytes cannot be stored (nothing was kept: the sender should retry)
   */
  public Held hold(
      long groupId,
      byte[] raw,
      Origin origin,
      String fromAddress,
      String subject,
      List<RecordedHit> hits,
      Optional<SpamScore> spam,
      String authenticationResults)
      throws IOException {
    long now = clock.millis();
    return blobs.storeWith(
        raw,
        (h, sha) -> {
          Optional<Long> before =
              h.createQuery(
                      "SELECT id FROM held_messages WHERE group_id = :g AND raw_sha256 = :sha")
                  .bind("g", groupId)
                  .bind("sha", sha)
                  .mapTo(Long.class)
                  .findOne();
          if (before.isPresent()) {
            return byId(h, before.get()).orElseThrow();
          }
          long id =
              h.createQuery(
                      "INSERT INTO held_messages (group_id, raw_sha256, raw_size, mail_from,"
                          + " recipients, remote, source, from_address, subject, held_at,"
                          + " spam_score, spam_summary, authentication_results) VALUES (:g, :sha,"
                          + " :size, :from, :rcpts, :remote, :source, :author, :subject, :now,"
                          + " :spamScore, :spamSummary, :authResults) RETURNING id")
                  .bind("g", groupId)
                  .bind("sha", sha)
                  .bind("size", (long) raw.length)
                  .bind("from", origin.mailFrom())
                  .bind("rcpts", String.join("\n", origin.recipients()))
                  .bind("remote", origin.remote())
                  .bind("source", origin.source())
                  .bind("author", fromAddress)
                  .bind("subject", subject)
                  .bind("now", now)
                  .bind("spamScore", spam.map(SpamScore::score).orElse(null))
                  .bind("spamSummary", spam.map(SpamScore::summary).orElse(null))
                  .bind(
                      "authResults",
                      authenticationResults == null || authenticationResults.isEmpty()
                          ? null
                          : authenticationResults)
                  .mapTo(Long.class)
                  .one();
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO rule_hits (held_id, idx, rule_id, reason) VALUES (:held, :i, :rule,"
                      + " :reason)");
          for (int i = 0; i < hits.size(); i++) {
            batch
                .bind("held", id)
                .bind("i", i)
                .bind("rule", hits.get(i).rule())
                .bind("reason", hits.get(i).reason())
                .add();
          }
          batch.execute();
          jobs.enqueue(h, NOTICE_JOB, Long.toString(groupId), JOB_ATTEMPTS);
          jobs.enqueue(h, RECEIPT_JOB, Long.toString(id), JOB_ATTEMPTS);
          jobs.enqueueAt(
              h,
              EXPIRY_JOB,
              Long.toString(id),
              JOB_ATTEMPTS,
              Instant.ofEpochMilli(now).plus(EXPIRY_LOOK));
          return byId(h, id).orElseThrow();
        });
  }

  /** The held messages, oldest first: all of them, or those of {@code group}. */
  public List<Held> list(Optional<GroupName> group) {
    return jdbi.withHandle(
        h -> {
          var query =
              h.createQuery(
                  "SELECT m.id"
                      + FROM
                      + (group.isPresent() ? " WHERE g.name = :group" : "")
                      + " ORDER BY m.id");
          group.ifPresent(g -> query.bind("group", g.value()));
          return query.mapTo(Long.class).list().stream()
              .map(id -> byId(h, id).orElseThrow())
              .toList();
        });
  }

  public Optional<Held> find(long id) {
    return jdbi.withHandle(h -> byId(h, id));
  }

  /** The message's bytes as they came. */
  public byte[] raw(Held held) throws IOException {
    return blobs.get(held.rawSha256());
  }

  /**
   * Removes a held message and its hits (approved, and so now a post with hits of its own; or
   * rejected). Returns false if it was not there (another moderator acted first).
   */
  public boolean remove(long id) {
    return jdbi.inTransaction(h -> remove(h, id));
  }

  /**
   * As {@link #remove(long)}, in the caller's transaction (a rejection removes the message and
   * queues its notice to the sender in one).
   */
  public boolean remove(Handle h, long id) {
    Optional<String> raw =
        h.createQuery("SELECT raw_sha256 FROM held_messages WHERE id = :id")
            .bind("id", id)
            .mapTo(String.class)
            .findOne();
    h.createUpdate("DELETE FROM rule_hits WHERE held_id = :id").bind("id", id).execute();
    if (h.createUpdate("DELETE FROM held_messages WHERE id = :id").bind("id", id).execute() == 0) {
      return false;
    }
    // its bytes go once nothing else needs them (an approved message's post does)
    jobs.enqueue(h, UnusedBlobPurge.KIND, raw.orElseThrow(), JOB_ATTEMPTS);
    return true;
  }

  /**
   * The group's held messages that its moderators have not yet been told of, oldest first, in the
   * caller's transaction.
   */
  public List<Long> unnotified(Handle h, long groupId) {
    return h.createQuery(
            "SELECT id FROM held_messages WHERE group_id = :g AND notified_at IS NULL ORDER BY id")
        .bind("g", groupId)
        .mapTo(Long.class)
        .list();
  }

  /** Records that the moderators were told of {@code ids}, in the caller's transaction. */
  public void notified(Handle h, List<Long> ids) {
    for (long id : ids) {
      h.createUpdate(
              "UPDATE held_messages SET notified_at = :now WHERE id = :id AND notified_at IS NULL")
          .bind("now", clock.millis())
          .bind("id", id)
          .execute();
    }
  }

  /** The held message {@code id}, read in the caller's transaction. */
  public Optional<Held> find(Handle h, long id) {
    return byId(h, id);
  }

  /** How many messages wait for a moderator of the group. */
  public int count(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM held_messages WHERE group_id = :g")
                .bind("g", groupId)
                .mapTo(Integer.class)
                .one());
  }

  private static Optional<Held> byId(Handle h, long id) {
    List<RecordedHit> hits =
        h.createQuery("SELECT rule_id, reason FROM rule_hits WHERE held_id = :id ORDER BY idx")
            .bind("id", id)
            .map((rs, ctx) -> new RecordedHit(rs.getString("rule_id"), rs.getString("reason")))
            .list();
    return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE m.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> held(rs, hits))
        .findOne();
  }

  private static Held held(ResultSet rs, List<RecordedHit> hits) throws SQLException {
    String recipients = rs.getString("recipients");
    return new Held(
        rs.getLong("id"),
        rs.getLong("group_id"),
        new GroupName(rs.getString("name")),
        rs.getString("raw_sha256"),
        rs.getLong("raw_size"),
        new Origin(
            rs.getString("mail_from"),
            recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split("\n")),
            rs.getString("remote"),
            rs.getString("source")),
        rs.getString("from_address"),
        rs.getString("subject"),
        Instant.ofEpochMilli(rs.getLong("held_at")),
        hits,
        spamScore(rs),
        rs.getString("authentication_results"));
  }

  /** The spam filter's finding in a row's {@code spam_score} and {@code spam_summary}, if any. */
  private static Optional<SpamScore> spamScore(ResultSet rs) throws SQLException {
    double score = rs.getDouble("spam_score");
    if (rs.wasNull()) {
      return Optional.empty();
    }
    return Optional.of(new SpamScore(score, rs.getString("spam_summary")));
  }
}
