package org.parley.ingest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.archive.BlobStore;
import org.parley.group.GroupName;

/**
 * Messages that made the ingest path fail: not the store, but the parse or the screen throwing on
 * these bytes (a bug, or input nobody foresaw). Such a message would fail again at every retry, and
 * its sender would retry for days. So each failure is recorded here with the raw bytes and the
 * envelope; the sender is asked to try again ({@code 451}) until the same bytes have failed {@link
 * #ATTEMPTS} times for the same group, and then the message is <em>held</em>: the sender is told it
 * was taken ({@code 250}: it is on disk), the failure is logged for the operators, and it waits
 * here until an operator releases it ({@code parley quarantine release}, which runs it through the
 * path again once the cause is fixed) or drops it. Mailman's shunt queue and its {@code
 * MAX_BAK_COUNT} of 3 do the same for its own pipeline.
 */
public final class Quarantine {
  /** Failures of the same bytes for the same group after which the message is held. */
  public static final int ATTEMPTS = 3;

  /** The longest error text kept (a stack trace, cut). */
  private static final int MAX_ERROR_CHARS = 8_000;

  /**
   * One quarantined message.
   *
   * @param held whether it is held for an operator (the sender was told 250); otherwise the sender
   *     is still retrying
   * @param error the last failure: its first line says what, the rest where
   */
  public record Entry(
      long id,
      long groupId,
      GroupName group,
      String rawSha256,
      long rawSize,
      Envelope envelope,
      String error,
      int failures,
      boolean held,
      Instant firstFailedAt,
      Instant lastFailedAt) {
    /** The error's first line, for a listing. */
    public String summary() {
      int nl = error.indexOf('\n');
      return (nl < 0 ? error : error.substring(0, nl)).strip();
    }
  }

  private static final String COLUMNS =
      "q.id, q.group_id, g.name, q.raw_sha256, q.raw_size, q.mail_from, q.recipients, q.remote,"
          + " q.error, q.failures, q.held, q.first_failed_at, q.last_failed_at";
  private static final String FROM = " FROM quarantine q JOIN site_groups g ON g.id = q.group_id";

  private final Jdbi jdbi;
  private final BlobStore blobs;
  private final Clock clock;

  public Quarantine(Jdbi jdbi, BlobStore blobs, Clock clock) {
    this.jdbi = jdbi;
    this.blobs = blobs;
    this.clock = clock;
  }

  /**
   * Records one more failure of {@code s}'s bytes for the group: keeps the bytes (forced to disk
   * before the row is committed) and the envelope, and holds the message once it has failed {@link
   * #ATTEMPTS} times. A message already held stays held.
   *
   * @return the entry as it now stands
   * @throws IOException if the bytes cannot be stored (the caller answers 451: nothing was kept)
   */
  public Entry record(Submission s, long groupId, Throwable error) throws IOException {
    byte[] raw = s.raw();
    String why = describe(error);
    long now = clock.millis();
    return blobs.storeWith(
        raw,
        (h, sha) -> {
          Optional<Entry> before = byMessage(h, groupId, sha);
          long id;
          if (before.isPresent()) {
            int failures = before.get().failures() + 1;
            id = before.get().id();
            h.createUpdate(
                    "UPDATE quarantine SET failures = :f, held = :held, error = :e,"
                        + " last_failed_at = :now WHERE id = :id")
                .bind("f", failures)
                .bind("held", before.get().held() || failures >= ATTEMPTS)
                .bind("e", why)
                .bind("now", now)
                .bind("id", id)
                .execute();
          } else {
            id =
                h.createQuery(
                        "INSERT INTO quarantine (group_id, raw_sha256, raw_size, mail_from,"
                            + " recipients, remote, error, failures, held, first_failed_at,"
                            + " last_failed_at) VALUES (:g, :sha, :size, :from, :rcpts, :remote,"
                            + " :e, 1, :held, :now, :now) RETURNING id")
                    .bind("g", groupId)
                    .bind("sha", sha)
                    .bind("size", (long) raw.length)
                    .bind("from", s.envelope().mailFrom())
                    .bind("rcpts", String.join("\n", s.envelope().recipients()))
                    .bind("remote", s.envelope().remote())
                    .bind("e", why)
                    .bind("held", ATTEMPTS <= 1)
                    .bind("now", now)
                    .mapTo(Long.class)
                    .one();
          }
          return byId(h, id).orElseThrow();
        });
  }

  /** Records that a release of {@code id} failed again, without changing whether it is held. */
  public void failedAgain(long id, Throwable error) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE quarantine SET failures = failures + 1, error = :e, last_failed_at ="
                        + " :now WHERE id = :id")
                .bind("e", describe(error))
                .bind("now", clock.millis())
                .bind("id", id)
                .execute());
  }

  /** Every quarantined message, held or still retried, oldest first. */
  public List<Entry> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + FROM + " ORDER BY q.id")
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  /** How many messages are held for an operator. */
  public int heldCount() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM quarantine WHERE held = :t")
                .bind("t", true)
                .mapTo(Integer.class)
                .one());
  }

  public Optional<Entry> find(long id) {
    return jdbi.withHandle(h -> byId(h, id));
  }

  /** The message's bytes as they came. */
  public byte[] raw(Entry e) throws IOException {
    return blobs.get(e.rawSha256());
  }

  /** Removes the entry (released or dropped); its bytes stay in the blob store, as all blobs do. */
  public boolean remove(long id) {
    return jdbi.withHandle(
            h -> h.createUpdate("DELETE FROM quarantine WHERE id = :id").bind("id", id).execute())
        > 0;
  }

  /**
   * Forgets a message still being retried (not held) once it went through: a failure that did not
   * come back needs no operator.
   */
  public void passed(long groupId, String rawSha256) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM quarantine WHERE group_id = :g AND raw_sha256 = :sha AND held ="
                        + " :f")
                .bind("g", groupId)
                .bind("sha", rawSha256)
                .bind("f", false)
                .execute());
  }

  /** The {@link #key}s of the messages whose senders are still retrying them (not held). */
  public Set<String> retriedKeys() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT group_id, raw_sha256 FROM quarantine WHERE held = :f")
                .bind("f", false)
                .map((rs, ctx) -> key(rs.getLong(1), rs.getString(2)))
                .collect(Collectors.toSet()));
  }

  /** A message's key: its group and the SHA-256 of its bytes. */
  public static String key(long groupId, String rawSha256) {
    return groupId + ":" + rawSha256;
  }

  private static Optional<Entry> byId(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE q.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> entry(rs))
        .findOne();
  }

  private static Optional<Entry> byMessage(Handle h, long groupId, String sha) {
    return h.createQuery(
            "SELECT " + COLUMNS + FROM + " WHERE q.group_id = :g AND q.raw_sha256 = :sha")
        .bind("g", groupId)
        .bind("sha", sha)
        .map((rs, ctx) -> entry(rs))
        .findOne();
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    String recipients = rs.getString("recipients");
    return new Entry(
        rs.getLong("id"),
        rs.getLong("group_id"),
        new GroupName(rs.getString("name")),
        rs.getString("raw_sha256"),
        rs.getLong("raw_size"),
        new Envelope(
            rs.getString("mail_from"),
            recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split("\n")),
            rs.getString("remote")),
        rs.getString("error"),
        rs.getInt("failures"),
        rs.getBoolean("held"),
        Instant.ofEpochMilli(rs.getLong("first_failed_at")),
        Instant.ofEpochMilli(rs.getLong("last_failed_at")));
  }

  /** The error's class and message on the first line, then its stack trace, cut to a size. */
  static String describe(Throwable error) {
    StringWriter w = new StringWriter();
    error.printStackTrace(new PrintWriter(w));
    String s = w.toString().replace("\r", "");
    return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + "\n…";
  }
}
