package org.parley.delivery;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.parley.db.Database;
import org.parley.mime.HeaderText;

/**
 * The relay when none is configured ({@code parley demo}, development): every copy is kept in the
 * {@code captured_mail} table instead of leaving the machine, to be read with {@link CapturedMail}
 * on the site admin's page. It never fails but for a store error (then temporarily).
 */
public final class CaptureRelay implements Relay {
  private final Jdbi jdbi;
  private final Clock clock;

  public CaptureRelay(Database db, Clock clock) {
    this.jdbi = db.jdbi();
    this.clock = clock;
  }

  @Override
  public void send(String mailFrom, List<String> rcpt, byte[] message) throws RelayException {
    String subject = subjectOf(message);
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO captured_mail (mail_from, rcpt_to, subject, raw, captured_at)"
                          + " VALUES (:from, :to, :subject, :raw, :now)")
                  .bind("from", mailFrom)
                  .bind("to", String.join(", ", rcpt))
                  .bind("subject", subject)
                  .bind("raw", message)
                  .bind("now", clock.millis())
                  .execute());
    } catch (RuntimeException e) {
      throw RelayException.unreachable("cannot store captured mail: " + e.getMessage(), e);
    }
  }

  private static String subjectOf(byte[] message) {
    String s = HeaderText.field(message, "Subject");
    return s.length() > 500 ? s.substring(0, 500) : s;
  }
}
