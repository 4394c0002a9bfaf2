package org.parley.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.parley.archive.BlobStore;

/**
 * One-time links mailed to an address to finish signing up or to choose a new password. Holding the
 * link proves the address is yours; only the token's SHA-256 is stored, and a token works once.
 */
public final class SignupTokens {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  public SignupTokens(Jdbi jdbi, Clock clock, Duration lifetime) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** Issues a token for {@code email}; returns it (to put in the mailed link). */
  public String issue(EmailAddress email) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    long now = clock.millis();
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO signup_tokens (token_hash, email, created_at, expires_at) VALUES"
                        + " (:t, :e, :now, :exp)")
                .bind("t", hash(token))
                .bind("e", email.value())
                .bind("now", now)
                .bind("exp", now + lifetime.toMillis())
                .execute());
    return token;
  }

  /** The address a live token was issued for, without using it up. */
  public Optional<EmailAddress> peek(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT email FROM signup_tokens WHERE token_hash = :t AND expires_at > :now")
                .bind("t", hash(token))
                .bind("now", clock.millis())
                .mapTo(String.class)
                .findOne()
                .map(EmailAddress::new));
  }

  /** Uses the token up; returns its address if it was live. */
  public Optional<EmailAddress> redeem(String token) {
    Optional<EmailAddress> email = peek(token);
    email.ifPresent(
        e ->
            jdbi.useHandle(
                h ->
                    h.createUpdate("DELETE FROM signup_tokens WHERE token_hash = :t")
                        .bind("t", hash(token))
                        .execute()));
    return email;
  }

  private static String hash(String token) {
    return BlobStore.sha256(token.getBytes(StandardCharsets.UTF_8));
  }
}
