package org.parley.app;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.parley.web.MailOut;
import org.parley.web.admin.CapturedMailbox;

/**
 * The mailbox used when there is no relay (DESIGN §1): outbound mail from the web (private replies,
 * forwards, sign-up links) is kept in {@code captured_mail} and shown to the site admin. A stand-in
 * until the delivery package's Relay and captured-mail reader are wired here; it writes only that
 * table.
 */
final class LocalMailbox implements MailOut, CapturedMailbox {
  private final Jdbi jdbi;
  private final Clock clock;

  LocalMailbox(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public void send(String mailFrom, List<String> recipients, byte[] message) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO captured_mail (mail_from, rcpt_to, subject, raw, captured_at)"
                        + " VALUES (:f, :r, :s, :raw, :now)")
                .bind("f", mailFrom)
                .bind("r", String.join(", ", recipients))
                .bind("s", subjectOf(message))
                .bind("raw", message)
                .bind("now", clock.millis())
                .execute());
  }

  @Override
  public List<Captured> recent(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, mail_from, rcpt_to, subject, raw, captured_at FROM captured_mail"
                        + " ORDER BY id DESC LIMIT :n")
                .bind("n", limit)
                .map(LocalMailbox::map)
                .list());
  }

  @Override
  public Optional<Captured> find(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, mail_from, rcpt_to, subject, raw, captured_at FROM captured_mail"
                        + " WHERE id = :id")
                .bind("id", id)
                .map(LocalMailbox::map)
                .findOne());
  }

  private static Captured map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Captured(
        rs.getLong("id"),
        rs.getString("mail_from"),
        rs.getString("rcpt_to"),
        rs.getString("subject"),
        rs.getBytes("raw"),
        Instant.ofEpochMilli(rs.getLong("captured_at")));
  }

  /** The Subject field's raw value, for the list (encoded words are left as they are). */
  private static String subjectOf(byte[] message) {
    String head = new String(message, 0, Math.min(message.length, 16_384), StandardCharsets.UTF_8);
    StringBuilder subject = null;
    for (String line : head.split("\r?\n")) {
      if (line.isEmpty()) {
        break;
      }
      if (subject != null && (line.startsWith(" ") || line.startsWith("\t"))) {
        subject.append(line);
        continue;
      }
      if (subject != null) {
        break;
      }
      if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
        subject = new StringBuilder(line.substring(8).strip());
      }
    }
    return subject == null ? "" : subject.toString();
  }
}
