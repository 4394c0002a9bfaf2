package org.parley.web;

import java.time.ZoneId;
import java.util.Optional;
import org.parley.account.Account;
import org.parley.account.SessionStore;

/**
 * Who is asking: a signed-in account or an anonymous visitor, their session (if they have one) and
 * the time zone dates are shown in.
 *
 * @param session the browser's session, or empty when it has none yet
 * @param visitorKey an opaque key of an anonymous visitor (a hash of its address and browser), for
 *     counting views; for an account it is {@code a:<id>}
 * @param csrf the CSRF token forms carry: the session's, or for a visitor who has not signed in the
 *     one bound to their form cookie ({@link Sessions}); "" when there is neither (such a form
 *     cannot be posted)
 * @param paused while posting is paused for lack of disk space, the sentence every page shows a
 *     signed-in member; "" otherwise
 */
public record Viewer(
    Optional<Account> account,
    Optional<SessionStore.Session> session,
    String visitorKey,
    String csrf,
    String paused) {
  private static final ZoneId UTC = ZoneId.of("UTC");

  public Viewer(
      Optional<Account> account,
      Optional<SessionStore.Session> session,
      String visitorKey,
      String csrf) {
    this(account, session, visitorKey, csrf, "");
  }

  /** This viewer, told that posting is paused (a signed-in member only: visitors cannot post). */
  public Viewer paused(String sentence) {
    return signedIn() ? new Viewer(account, session, visitorKey, csrf, sentence) : this;
  }

  public boolean signedIn() {
    return account.isPresent();
  }

  public boolean siteAdmin() {
    return account.map(Account::siteAdmin).orElse(false);
  }

  public ZoneId zone() {
    return account.map(Account::timeZone).orElse(UTC);
  }

  /** The signed-in account, or a 403 asking to sign in. */
  public Account require() {
    return account.orElseThrow(HttpError::signInFirst);
  }
}
