package org.parley.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.parley.account.Account;
import org.parley.account.AccountId;
import org.parley.account.AccountStore;
import org.parley.account.SessionStore;
import org.parley.crypto.Hmac;
import org.parley.crypto.Tokens;

/**
 * Browser sessions over cookies: which {@link Viewer} a request comes from, and signing in and out.
 * The session cookie is HttpOnly, SameSite=Lax, and Secure when the site's base URL is https (RFC
 * 6265 §4.1.2). Signing in or out always starts a new session and deletes the old one in the store,
 * so a session id seen before signing in is worthless after, and one signed out is dead everywhere.
 *
 * <p>Only a signed-in account has a stored session (RELIABILITY B). A signed-out visitor's forms
 * (sign in, sign up) are guarded by a signed double-submit cookie (OWASP CSRF cheat sheet): a page
 * with such a form sets {@code parley_form}, a random value with the time it was made, good for
 * {@link #FORM_LIFETIME}; the form's token is its HMAC-SHA256 under the site's {@link
 * SessionStore#formKey() form key}. A token is accepted only with the cookie it was made from, and
 * nothing is stored for it.
 */
public final class Sessions {
  static final String SESSION_COOKIE = "parley_session";

  /**
   * The cookie's name on an https site: the {@code __Host-} prefix (RFC 6265bis §4.1.3.2) makes the
   * browser take it only when Secure, for path / and this host alone, so neither a sibling domain
   * nor a plain-http page can plant or overwrite it. Plain http keeps the plain name, which
   * browsers would refuse with the prefix.
   */
  static final String SECURE_SESSION_COOKIE = "__Host-parley_session";

  static final String FORM_COOKIE = "parley_form";

  /** How long a signed-out visitor's form stays good after its page was first opened. */
  static final Duration FORM_LIFETIME = Duration.ofHours(2);

  private static final String VIEWER = "parley.viewer";
  private static final Pattern FORM_VALUE = Pattern.compile("(\\d{1,15})\\.([0-9a-f]{32})");

  private final SessionStore store;
  private final AccountStore accounts;
  private final boolean secure;
  private final String cookieName;
  private final String formCookieName;
  private final Clock clock;

  public Sessions(SessionStore store, AccountStore accounts, boolean secure, Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.secure = secure;
    this.cookieName = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
    this.formCookieName = secure ? "__Host-" + FORM_COOKIE : FORM_COOKIE;
    this.clock = clock;
  }

  /** Reads the cookies of a request into its {@link Viewer}; run before every handler. */
  void load(Context ctx) {
    Optional<SessionStore.Session> session = store.find(ctx.cookie(cookieName));
    Optional<Account> account =
        session.flatMap(SessionStore.Session::account).flatMap(accounts::findById);
    // An anonymous visitor is told apart by address and browser: it needs no cookie, so a
    // reload counts as the same viewer even for a client that keeps none.
    String key =
        account
            .map(a -> "a:" + a.id().value())
            .orElseGet(() -> "v:" + hash(ctx.ip() + "|" + ctx.userAgent()));
    String csrf =
        session
            .map(SessionStore.Session::csrfToken)
            .orElseGet(() -> formToken(ctx.cookie(formCookieName)));
    ctx.attribute(VIEWER, new Viewer(account, session, key, csrf));
  }

  /** Tells the request's viewer that posting is paused ({@link Viewer#paused}). */
  static void paused(Context ctx, String sentence) {
    ctx.attribute(VIEWER, viewer(ctx).paused(sentence));
  }

  /** The viewer of a request (after {@link #load}). */
  public static Viewer viewer(Context ctx) {
    Viewer v = ctx.attribute(VIEWER);
    return v != null ? v : new Viewer(Optional.empty(), Optional.empty(), "v:none", "");
  }

  /**
   * The viewer with a form token, for pages whose forms are posted before anyone has signed in
   * (sign in, sign up): a signed-out visitor without a live form cookie gets one. Nothing is
   * stored.
   */
  public Viewer withFormToken(Context ctx) {
    Viewer v = viewer(ctx);
    if (!v.csrf().isEmpty()) {
      return v;
    }
    String value = clock.millis() + "." + Tokens.hex(16);
    ctx.cookie(cookie(formCookieName, value, (int) FORM_LIFETIME.toSeconds()));
    Viewer next =
        new Viewer(v.account(), v.session(), v.visitorKey(), formToken(value), v.paused());
    ctx.attribute(VIEWER, next);
    return next;
  }

  /** Signs {@code account} in on a brand-new session; the old one is deleted. */
  public void signIn(Context ctx, AccountId account) {
    viewer(ctx).session().ifPresent(s -> store.delete(s.id()));
    SessionStore.Session s = store.create(account);
    ctx.cookie(cookie(cookieName, s.id(), 60 * 60 * 24 * 30));
  }

  /**
   * Ends every session of {@code account} in the store, wherever it is signed in; returns how many.
   * The request's own session ends too, so sign in again after.
   */
  public int endAll(AccountId account) {
    return store.deleteAll(account);
  }

  /** Ends the session in the store and clears the cookie. */
  public void signOut(Context ctx) {
    viewer(ctx).session().ifPresent(s -> store.delete(s.id()));
    ctx.cookie(cookie(cookieName, "", 0));
  }

  /**
   * The form token of a form cookie's value, or "" when there is none or it is not one this site
   * made within {@link #FORM_LIFETIME} (the made-at time is signed with the rest, so it cannot be
   * moved on).
   */
  private String formToken(String cookie) {
    if (cookie == null || !FORM_VALUE.matcher(cookie).matches()) {
      return "";
    }
    long made = Long.parseLong(cookie.substring(0, cookie.indexOf('.')));
    long now = clock.millis();
    if (made > now + 60_000 || now - made > FORM_LIFETIME.toMillis()) {
      return "";
    }
    return Hmac.sign(store.formKey(), "form|" + cookie);
  }

  private Cookie cookie(String name, String value, int maxAge) {
    Cookie c = new Cookie(name, value, "/", maxAge, secure, true, null, SameSite.LAX);
    c.setPath("/");
    c.setMaxAge(maxAge);
    c.setHttpOnly(true);
    c.setSecure(secure);
    c.setSameSite(SameSite.LAX);
    return c;
  }

  private static String hash(String s) {
    return Tokens.hash(s).substring(0, 32);
  }
}
