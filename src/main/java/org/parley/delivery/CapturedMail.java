package org.parley.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.parley.db.Database;
import org.parley.mime.HeaderText;

/** Reads the mail {@link CaptureRelay} kept, newest first, for the site admin's page. */
public final class CapturedMail {
  /**
   * One captured copy, without its bytes.
   *
   * @param from the envelope sender (SMTP MAIL FROM)
   * @param to the envelope recipients (SMTP RCPT TO), comma-separated
   * @param headerFrom the message's From field, decoded (RFC 2047) and unfolded; "" when it has
   *     none
   * @param headerTo the message's To field, the same way; "" when it has none
   */
  public record Entry(
      long id,
      String from,
      String to,
      String headerFrom,
      String headerTo,
      String subject,
      Instant capturedAt) {}

  /** How much of each message the list reads for its From and To: more than any header section. */
  private static final int HEAD_BYTES = 16 * 1024;

  private static final String COLUMNS =
      "id, mail_from, rcpt_to, subject, captured_at, substr(raw, 1, " + HEAD_BYTES + ") AS head";

  private final Jdbi jdbi;

  public CapturedMail(Database db) {
    this.jdbi = db.jdbi();
  }

  /** The latest {@code limit} captured copies, newest first. */
  public List<Entry> latest(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM captured_mail ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  /** One captured copy, without its bytes. */
  public Optional<Entry> find(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM captured_mail WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> entry(rs))
                .findOne());
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

  private static Entry entry(ResultSet rs) throws SQLException {
    byte[] head = rs.getBytes("head");
    return new Entry(
        rs.getLong("id"),
        rs.getString("mail_from"),
        rs.getString("rcpt_to"),
        HeaderText.field(head, "From"),
        HeaderText.field(head, "To"),
        rs.getString("subject"),
        Instant.ofEpochMilli(rs.getLong("captured_at")));
  }
}
