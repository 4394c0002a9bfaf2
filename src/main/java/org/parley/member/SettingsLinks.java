package org.parley.member;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.parley.crypto.Hmac;
import org.parley.db.SiteKeys;

/**
 * The keys of the signed links every copy's footer carries to its member's own settings page
 * ({@code /g/<group>/me?k=<key>}): a key opens that one membership's page without a session, until
 * it expires. It is the member's token, the second it expires at, and an HMAC-SHA256 (RFC 2104) of
 * both under a site key kept in {@code site_keys} (row {@code member-link}), so a key cannot be
 * made or changed without the site's secret.
 *
 * <p>Every key has the same length, {@value #LENGTH} characters, all of them letters, digits, '.'
 * and '_' or '-': characters quoted-printable (RFC 2045 §6.7) and HTML leave as they are, so a
 * copy's footer can be made once with a placeholder of that length and the member's key put in its
 * place ({@code delivery/CopyTemplate}).
 *
 * <p>A page opened by a key has no session, and so no session's CSRF token: its forms carry {@link
 * #formToken} instead, an HMAC of the key that only the site can make, which a page of another site
 * cannot know.
 */
public final class SettingsLinks {
  /** How long a link in a copy works: long enough for a copy read weeks later. */
  public static final Duration LIFETIME = Duration.ofDays(60);

  /** The length of a member token: 16 random bytes in hex ({@link MemberStore#add}). */
  static final int TOKEN_LENGTH = 32;

  private static final int EXPIRY_LENGTH = 10;
  private static final int MAC_LENGTH = 22;

  /** The length of every key: token, '.', ten digits of expiry, '.', 22 characters of MAC. */
  public static final int LENGTH = TOKEN_LENGTH + 1 + EXPIRY_LENGTH + 1 + MAC_LENGTH;

  private static final Pattern SHAPE =
      Pattern.compile("[0-9a-f]{32}\\.[0-9]{10}\\.[A-Za-z0-9_-]{22}");

  /** What a key sent back says. */
  public sealed interface Reading {
    /** A key the site made, still valid, for the membership whose token is {@code token}. */
    record Valid(String token) implements Reading {}

    /** A key the site made whose time is over. */
    record Expired(String token) implements Reading {}

    /** Not a key the site made: mistyped, cut short by a mail program, or altered. */
    record Invalid() implements Reading {}
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private byte[] secret;

  public SettingsLinks(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A key for the member whose token is {@code memberToken}, valid for {@link #LIFETIME}. */
  public String key(String memberToken) {
    return key(memberToken, clock.instant().plus(LIFETIME));
  }

  /** A key for the member whose token is {@code memberToken}, valid until {@code expires}. */
  public String key(String memberToken, Instant expires) {
    if (memberToken == null || !memberToken.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("not a member token: " + memberToken);
    }
    String signed = memberToken + "." + String.format("%010d", expires.getEpochSecond());
    return signed + "." + mac("key|" + signed);
  }

  /** What {@code key}, as sent back in a link or a form, says. */
  public Reading read(String key) {
    if (key == null || !SHAPE.matcher(key).matches()) {
      return new Reading.Invalid();
    }
    String signed = key.substring(0, TOKEN_LENGTH + 1 + EXPIRY_LENGTH);
    if (!Hmac.same(mac("key|" + signed), key.substring(signed.length() + 1))) {
      return new Reading.Invalid();
    }
    String token = key.substring(0, TOKEN_LENGTH);
    long expires = Long.parseLong(key.substring(TOKEN_LENGTH + 1, signed.length()));
    return clock.instant().getEpochSecond() < expires
        ? new Reading.Valid(token)
        : new Reading.Expired(token);
  }

  /** The token the forms of a page opened by {@code key} carry in place of a session's. */
  public String formToken(String key) {
    return Hmac.sign(secret(), "form|" + key);
  }

  /** The token of a valid key, or empty. */
  public Optional<String> validToken(String key) {
    return read(key) instanceof Reading.Valid v ? Optional.of(v.token()) : Optional.empty();
  }

  private String mac(String data) {
    return Hmac.sign(secret(), data).substring(0, MAC_LENGTH);
  }

  /**
   * The site's secret for these links: 32 random bytes, made once by the first node that needs it
   * and kept in the store, so every node and every restart shares it (as the form key).
   */
  private synchronized byte[] secret() {
    if (secret == null) {
      secret = SiteKeys.named(jdbi, clock, "member-link");
    }
    return secret;
  }
}
