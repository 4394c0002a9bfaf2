package org.parley.group;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.parley.crypto.Tokens;

/**
 * Single-use tokens that confirm an action by a reply to {@code <group>-confirm+<token>@} ({@link
 * ListAddresses#confirm}) or by a link: joining or leaving by mail, approving a held post or a
 * request to join from the notice. Each token names its group, an action (a word its handler owns,
 * such as {@code join} or {@code approve-held}), what the action is about, and the one address it
 * was sent to. Only its SHA-256 is stored (table {@code confirmations}); it expires, and {@link
 * #take} uses it once, atomically, so two replies to one notice act once.
 *
 * <p>A token is 40 lower-case hex characters, so it survives in an address's local part, which mail
 * servers may fold to lower case.
 */
public final class Confirmations {
  /**
   * A live token's content.
   *
   * @param action what confirming does: the word of its handler
   * @param subject what the action is about (a held message's id, a request's id…); may be empty
   * @param address the address it was sent to, in lower case: the only one a reply is taken from
   */
  public record Confirmation(
      long id, long groupId, String action, String subject, String address, Instant expiresAt) {}

  private final Jdbi jdbi;
  private final Clock clock;

  public Confirmations(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Makes a token for {@code action} on {@code subject} in group {@code groupId}, sent to {@code
   * address}, that lives for {@code lifetime}.
   *
   * @return the token, to be written into an address or link; it is not stored
   */
  public String issue(
      long groupId, String action, String subject, String address, Duration lifetime) {
    String token = Tokens.hex(20);
    long now = clock.millis();
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO confirmations (token_hash, group_id, action, subject, address,"
                        + " created_at, expires_at) VALUES (:hash, :group, :action, :subject,"
                        + " :address, :now, :expires)")
                .bind("hash", Tokens.hash(token))
                .bind("group", groupId)
                .bind("action", action)
                .bind("subject", subject == null ? "" : subject)
                .bind("address", address.toLowerCase(Locale.ROOT))
                .bind("now", now)
                .bind("expires", now + lifetime.toMillis())
                .execute());
    return token;
  }

  /** Whether {@code s} could be a token this class made (before any lookup). */
  public static boolean wellFormed(String s) {
    return s != null && s.matches("[0-9a-f]{40}");
  }

  /** The live (unused, unexpired) token's content, without using it: for a page that asks first. */
  public Optional<Confirmation> peek(String token) {
    if (!wellFormed(token)) {
      return Optional.empty();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, group_id, action, subject, address, expires_at FROM confirmations"
                        + " WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
                .bind("hash", Tokens.hash(token))
                .bind("now", clock.millis())
                .map(Confirmations::confirmation)
                .findOne());
  }

  /**
   * Uses a live token: marks it used and returns its content, in one transaction, so a token is
   * taken once however many replies or clicks arrive. Empty for an unknown, used or expired token.
   */
  public Optional<Confirmation> take(String token) {
    if (!wellFormed(token)) {
      return Optional.empty();
    }
    return jdbi.inTransaction(
        h -> {
          long now = clock.millis();
          int taken =
              h.createUpdate(
                      "UPDATE confirmations SET used_at = :now WHERE token_hash = :hash AND used_at"
                          + " IS NULL AND expires_at > :now")
                  .bind("hash", Tokens.hash(token))
                  .bind("now", now)
                  .execute();
          if (taken == 0) {
            return Optional.<Confirmation>empty();
          }
          return h.createQuery(
                  "SELECT id, group_id, action, subject, address, expires_at FROM confirmations"
                      + " WHERE token_hash = :hash")
              .bind("hash", Tokens.hash(token))
              .map(Confirmations::confirmation)
              .findOne();
        });
  }

  /**
   * Makes a token taken by {@link #take} live again, when what it stands for could not be carried
   * out just then (the sender's server tries again later). An expired token stays expired.
   */
  public void release(String token) {
    if (!wellFormed(token)) {
      return;
    }
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE confirmations SET used_at = NULL WHERE token_hash = :hash")
                .bind("hash", Tokens.hash(token))
                .execute());
  }

  /**
   * Whether a token for {@code action} in group {@code groupId} was sent to {@code address} within
   * the last {@code window}: the limit that keeps the site from mailing one address again and again
   * on a stranger's say-so (subscription bombing).
   */
  public boolean sentWithin(long groupId, String action, String address, Duration window) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                        "SELECT COUNT(*) FROM confirmations WHERE group_id = :group AND action ="
                            + " :action AND address = :address AND created_at > :since")
                    .bind("group", groupId)
                    .bind("action", action)
                    .bind("address", address.toLowerCase(Locale.ROOT))
                    .bind("since", clock.millis() - window.toMillis())
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  /**
   * Ends every live token for {@code action} on {@code subject} in group {@code groupId}: the thing
   * was decided another way (a held post approved on the web), so its notice's tokens act no more.
   *
   * @return how many were ended
   */
  public int revoke(long groupId, String action, String subject) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE confirmations SET used_at = :now WHERE group_id = :group AND action ="
                        + " :action AND subject = :subject AND used_at IS NULL")
                .bind("now", clock.millis())
                .bind("group", groupId)
                .bind("action", action)
                .bind("subject", subject)
                .execute());
  }

  /** Forgets tokens that expired before {@code before}: housekeeping. */
  public int purgeExpired(Instant before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM confirmations WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
  }

  private static Confirmation confirmation(java.sql.ResultSet rs, StatementContext ctx)
      throws java.sql.SQLException {
    return new Confirmation(
        rs.getLong("id"),
        rs.getLong("group_id"),
        rs.getString("action"),
        rs.getString("subject"),
        rs.getString("address"),
        Instant.ofEpochMilli(rs.getLong("expires_at")));
  }
}
