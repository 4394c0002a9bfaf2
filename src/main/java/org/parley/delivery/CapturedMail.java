package org.parley.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.parley.db.Database;

/** Reads the mail {@link CaptureRelay} kept, newest first, for the site admin's page. */
public final class CapturedMail {
  /** One captured copy, without its bytes. */
  public record Entry(long id, String from, String to, String subject, Instant capturedAt) {}

  private final Jdbi jdbi;

  public CapturedMail(Database db) {
    this.jdbi = db.jdbi();
  }

  /** The latest {@code limit} captured copies, newest first. */
  public List<Entry> latest(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, mail_from, rcpt_to, subject, captured_at FROM captured_mail"
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new Entry(
                            rs.getLong("id"),
                            rs.getString("mail_from"),
                            rs.getString("rcpt_to"),
                            rs.getString("subject"),
                            Instant.ofEpochMilli(rs.getLong("captured_at"))))
                .list());
  }

  /** The message exactly as it would have been sent. */
  public Optional<byte[]> raw(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT raw FROM captured_mail WHERE id = :id")
                .bind("id", id)
                .mapTo(byte[].class)
                .findOne());
  }

  /** How many copies are kept. */
  public int count() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM captured_mail").mapTo(Integer.class).one());
  }
}
