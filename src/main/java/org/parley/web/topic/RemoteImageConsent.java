package org.parley.web.topic;

import java.time.Clock;
import java.time.Duration;
import org.parley.crypto.Hmac;
import org.parley.crypto.Tokens;
import org.parley.web.Viewer;

/**
 * A reader's own consent to load one post's remote images (RELIABILITY G2). Loading them tells
 * their senders who read the post and when, so it must take the reader's own click, never a link:
 * the "Show images" button posts a form (with the session's CSRF token), and its answer redirects
 * to the conversation with a consent token in the URL. A token names one post and one viewer (the
 * account, or for a visitor without an account the {@link Viewer#visitorKey}) and lasts {@link
 * #LIFETIME}, so such a URL mailed on, or made up, shows the next reader placeholders and the
 * button, as before.
 *
 * <p>Tokens are HMAC-SHA256 (RFC 2104) under a key made at random when the process starts: a
 * restart ends them all, which costs a reader at most another click. The button's form is checked
 * like every other form (a signed-out visitor's token comes from its form cookie).
 */
final class RemoteImageConsent {
  /** How long one click shows a post's images (reloads included). */
  static final Duration LIFETIME = Duration.ofMinutes(10);

  private final byte[] key;
  private final Clock clock;

  RemoteImageConsent(Clock clock) {
    this.key = Tokens.bytes(32);
    this.clock = clock;
  }

  /** A consent token: this viewer asked to see post {@code postId}'s remote images. */
  String grant(Viewer v, long postId) {
    long until = clock.instant().plus(LIFETIME).getEpochSecond();
    return until + "." + mac("images|" + v.visitorKey() + "|" + postId + "|" + until);
  }

  /** Whether {@code token} is this viewer's unexpired consent for post {@code postId}. */
  boolean granted(Viewer v, long postId, String token) {
    if (token == null) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot < 1) {
      return false;
    }
    long until;
    try {
      until = Long.parseLong(token.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    long now = clock.instant().getEpochSecond();
    if (until < now || until > now + LIFETIME.toSeconds()) {
      return false;
    }
    return Hmac.same(
        token.substring(dot + 1), mac("images|" + v.visitorKey() + "|" + postId + "|" + until));
  }

  private String mac(String data) {
    return Hmac.sign(key, data);
  }
}
