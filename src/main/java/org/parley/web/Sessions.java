package org.parley.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.parley.account.Account;
import org.parley.account.AccountId;
import org.parley.account.AccountStore;
import org.parley.account.SessionStore;
import org.parley.archive.BlobStore;

/**
 * Browser sessions over cookies: which {@link Viewer} a request comes from, and signing in and out.
 * The session cookie is HttpOnly, SameSite=Lax, and Secure when the site's base URL is https (RFC
 * 6265 §4.1.2). Signing in or out always starts a new session and deletes the old one in the store,
 * so a session id seen before signing in is worthless after, and one signed out is dead everywhere.
 */
public final class Sessions {
  static final String SESSION_COOKIE = "parley_session";
  private static final String VIEWER = "parley.viewer";

  private final SessionStore store;
  private final AccountStore accounts;
  private final boolean secure;

  public Sessions(SessionStore store, AccountStore accounts, boolean secure) {
    this.store = store;
    this.accounts = accounts;
    this.secure = secure;
  }

  /** Reads the cookies of a request into its {@link Viewer}; run before every handler. */
  void load(Context ctx) {
    Optional<SessionStore.Session> session = store.find(ctx.cookie(SESSION_COOKIE));
    Optional<Account> account =
        session.flatMap(SessionStore.Session::account).flatMap(accounts::findById);
    // An anonymous visitor is told apart by address and browser: it needs no cookie, so a
    // reload counts as the same viewer even for a client that keeps none.
    String key =
        account
            .map(a -> "a:" + a.id().value())
            .orElseGet(() -> "v:" + hash(ctx.ip() + "|" + ctx.userAgent()));
    ctx.attribute(VIEWER, new Viewer(account, session, key));
  }

  /** The viewer of a request (after {@link #load}). */
  public static Viewer viewer(Context ctx) {
    Viewer v = ctx.attribute(VIEWER);
    return v != null ? v : new Viewer(Optional.empty(), Optional.empty(), "v:none");
  }

  /**
   * The viewer with a session, starting a signed-out one when there is none: for pages whose forms
   * need a CSRF token before anyone has signed in (sign in, sign up).
   */
  public Viewer withSession(Context ctx) {
    Viewer v = viewer(ctx);
    if (v.session().isPresent()) {
      return v;
    }
    SessionStore.Session s = store.create(Optional.empty());
    ctx.cookie(cookie(SESSION_COOKIE, s.id(), -1));
    Viewer next = new Viewer(v.account(), Optional.of(s), v.visitorKey());
    ctx.attribute(VIEWER, next);
    return next;
  }

  /** Signs {@code account} in on a brand-new session; the old one is deleted. */
  public void signIn(Context ctx, AccountId account) {
    viewer(ctx).session().ifPresent(s -> store.delete(s.id()));
    SessionStore.Session s = store.create(Optional.of(account));
    ctx.cookie(cookie(SESSION_COOKIE, s.id(), 60 * 60 * 24 * 30));
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
    ctx.cookie(cookie(SESSION_COOKIE, "", 0));
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
    return BlobStore.sha256(s.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }
}
