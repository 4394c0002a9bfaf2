package org.parley.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.parley.crypto.Tokens;
import org.parley.db.SiteKeys;

/**
 * Browser sessions in the store. A session id is 32 random bytes handed to the browser once; the
 * store keeps only its SHA-256, so reading the database does not yield a usable cookie. Each
 * session carries a synchronizer CSRF token (OWASP CSRF cheat sheet). Only a signed-in account has
 * a session (RELIABILITY B: a visitor who has not signed in costs the store nothing; their forms
 * are guarded by a cookie signed with {@link #formKey()}). Signing in creates a new session and
 * signing out deletes it, so a fixated id is worthless.
 */
public final class SessionStore {
  /**
   * A live session.
   *
   * @param id the id as the browser holds it (only known when just created or presented)
   * @param account the signed-in account, or empty
   */
  public record Session(String id, Optional<AccountId> account, String csrfToken) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration lifetime;
  private byte[] formKey;

  public SessionStore(Jdbi jdbi, Clock clock, Duration lifetime) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** Starts a session signed in to {@code account}. */
  public Session create(AccountId account) {
    String id = token();
    String csrf = token();
    long now = clock.millis();
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO web_sessions (id_hash, account_id, csrf_token, created_at,"
                        + " expires_at) VALUES (:id, :a, :csrf, :now, :exp)")
                .bind("id", Tokens.hash(id))
                .bind("a", account.value())
                .bind("csrf", csrf)
                .bind("now", now)
                .bind("exp", now + lifetime.toMillis())
                .execute());
    return new Session(id, Optional.of(account), csrf);
  }

  /** The live session with this id, if it exists and has not expired. */
  public Optional<Session> find(String id) {
    if (id == null || id.isEmpty() || id.length() > 100) {
      return Optional.empty();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT account_id, csrf_token FROM web_sessions WHERE id_hash = :id AND"
                        + " expires_at > :now")
                .bind("id", Tokens.hash(id))
                .bind("now", clock.millis())
                .map(
                    (rs, ctx) -> {
                      long a = rs.getLong("account_id");
                      Optional<AccountId> account =
                          rs.wasNull() ? Optional.empty() : Optional.of(new AccountId(a));
                      return new Session(id, account, rs.getString("csrf_token"));
                    })
                .findOne());
  }

  /** Ends a session for good: the id no longer finds anything. */
  public void delete(String id) {
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM web_sessions WHERE id_hash = :id")
                .bind("id", Tokens.hash(id))
                .execute());
  }

  /**
   * Ends every session of {@code account} for good, as after its password was reset (OWASP ASVS
   * 7.4.3): each such id no longer finds anything. Returns how many ended.
   */
  public int deleteAll(AccountId account) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM web_sessions WHERE account_id = :a")
                .bind("a", account.value())
                .execute());
  }

  /**
   * Deletes expired sessions, and signed-out ones that earlier versions stored for every visitor;
   * returns how many.
   */
  public int purgeExpired() {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM web_sessions WHERE expires_at <= :now OR account_id IS NULL")
                .bind("now", clock.millis())
                .execute());
  }

  /**
   * The site's secret for signing signed-out visitors' form cookies: 32 random bytes, made once and
   * kept in the store, so every node and every restart shares it.
   */
  public synchronized byte[] formKey() {
    if (formKey == null) {
      formKey = SiteKeys.named(jdbi, clock, "form");
    }
    return formKey.clone();
  }

  private String token() {
    return Tokens.urlSafe(32);
  }
}
