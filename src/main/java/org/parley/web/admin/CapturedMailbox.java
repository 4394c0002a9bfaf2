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
  /** One captured message. */
  record Captured(
      long id, String mailFrom, String rcptTo, String subject, byte[] raw, Instant capturedAt) {}

  /** The latest captured messages, newest first. */
  List<Captured> recent(int limit);

  Optional<Captured> find(long id);
}
