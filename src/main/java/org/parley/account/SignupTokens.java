package org.parley.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.parley.crypto.Tokens;

/**
 * One-time links mailed to an address to finish signing up or to choose a new password. Holding the
 * link proves the address is yours; only the token's SHA-256 is stored, and a token works once. A
 * token from a link is told apart as live, expired, unknown (used, or never issued here) or
 * malformed (not of the shape this class issues), so the page can say which and what to do.
 */
public final class SignupTokens {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration lifetime;

  /** 32 random bytes in unpadded base64url (RFC 4648 §5): 43 characters. */
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

  public SignupTokens(Jdbi jdbi, Clock clock, Duration lifetime) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** Issues a token for {@code email}; returns it (to put in the mailed link). */
  public String issue(EmailAddress email) {
    String token = Tokens.urlSafe(32);
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

  /** What a token from a link turned out to be. */
  public sealed interface Lookup {}

  /** A token this site issued that still works, for {@code email}. */
  public record Live(EmailAddress email) implements Lookup {}

  /** A token this site issued, whose day ran out at {@code expiredAt}. */
  public record Expired(Instant expiredAt) implements Lookup {}

  /**
   * A token of the right shape that this site does not hold: already used (a used token is
   * forgotten), or never issued here.
   */
  public record Unknown() implements Lookup {}

  /**
   * Not a token this site could have issued: cut short, run on with other text, or bent in transit
   * (such as a quoted-printable {@code =3D} or soft line break left in it by a mail reader that did
   * not decode the mail).
   */
  public record Malformed() implements Lookup {}

  /** Whether {@code token} has the shape of one {@link #issue} makes, without asking the store. */
  public static boolean wellFormed(String token) {
    return token != null && SHAPE.matcher(token).matches();
  }

  /** What {@code token} is, without using it up. */
  public Lookup lookup(String token) {
    if (!wellFormed(token)) {
      return new Malformed();
    }
    long now = clock.millis();
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT email, expires_at FROM signup_tokens WHERE token_hash = :t")
                .bind("t", hash(token))
                .map(
                    (rs, ctx) ->
                        rs.getLong("expires_at") > now
                            ? (Lookup) new Live(new EmailAddress(rs.getString("email")))
                            : new Expired(Instant.ofEpochMilli(rs.getLong("expires_at"))))
                .findOne()
                .orElseGet(Unknown::new));
  }

  /** The address a live token was issued for, without using it up. */
  public Optional<EmailAddress> peek(String token) {
    return lookup(token) instanceof Live live ? Optional.of(live.email()) : Optional.empty();
  }

  /**
   * Uses the token up; returns its address if it was live. Of two requests that redeem one token at
   * once, only one gets the address.
   */
  public Optional<EmailAddress> redeem(String token) {
    if (!(lookup(token) instanceof Live live)) {
      return Optional.empty();
    }
    int deleted =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "DELETE FROM signup_tokens WHERE token_hash = :t AND expires_at > :now")
                    .bind("t", hash(token))
                    .bind("now", clock.millis())
                    .execute());
    return deleted == 1 ? Optional.of(live.email()) : Optional.empty();
  }

  /**
   * Revokes every link still out for {@code email} (sign-up and new-password alike): after a
   * password was chosen with one link, an older one mailed to the same address must not choose
   * another. Returns how many were revoked.
   */
  public int revokeAll(EmailAddress email) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM signup_tokens WHERE email = :e")
                .bind("e", email.value())
                .execute());
  }

  private static String hash(String token) {
    return Tokens.hash(token);
  }
}
