package org.parley.web.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The mail captured instead of relayed when the site has no relay ({@code parley demo},
 * development): read for the site admin's page. The site wires the implementation over the store's
 * {@code captured_mail} table.
 */
public interface CapturedMailbox {
  /**
   * One captured message.
   *
   * @param mailFrom the envelope sender (SMTP MAIL FROM)
   * @param rcptTo the envelope recipients, comma-separated
   * @param raw the message exactly as it would have been sent
   */
  record Captured(
      long id, String mailFrom, String rcptTo, String subject, byte[] raw, Instant capturedAt) {}

  /**
   * A captured message in the list, without its bytes.
   *
   * @param from the message's From field, decoded; "" when it has none
   * @param to the message's To field, decoded; "" when it has none
   * @param rcptTo the envelope recipients, comma-separated
   */
  record Summary(
      long id, String from, String to, String rcptTo, String subject, Instant capturedAt) {}

  /** The latest captured messages, newest first. */
  List<Summary> recent(int limit);

  Optional<Captured> find(long id);
}
