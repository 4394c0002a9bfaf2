package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY B: each cookieless GET of /login or /signup stored a 30-day session, so a loop of
 * GETs filled the store. Now only signing in stores a session; a signed-out visitor's forms are
 * guarded by a signed, short-lived cookie instead, and still refuse a forged post.
 */
class AnonymousSessionsBIT {
  @TempDir Path dir;
  WebSite web;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    web.account("ada@example.com", "Ada", ZoneId.of("UTC"));
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void bCookielessGetsOfTheSignInAndSignUpPagesStoreNoSession() {
    for (int i = 0; i < 50; i++) {
      assertThat(web.client().get(i % 2 == 0 ? "/login" : "/signup").statusCode()).isEqualTo(200);
    }
    assertThat(sessions()).isZero();

    // Signing in stores exactly one session, and its form cookie was short-lived and HttpOnly.
    WebClient c = web.client();
    HttpResponse<String> page = c.get("/login");
    String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith("parley_form=")
        .contains("HttpOnly")
        .contains("SameSite=Lax")
        .contains("Max-Age=7200");
    c.login("ada@example.com", WebSite.PASSWORD);
    assertThat(sessions()).isEqualTo(1);
    assertThat(c.get("/profile").statusCode()).isEqualTo(200);
  }

  @Test
  void bASignedOutFormNeedsItsOwnCookieAndExpires() {
    Map<String, String> login = Map.of("email", "ada@example.com", "password", WebSite.PASSWORD);
    // No token, or a token without the cookie it was made for: refused.
    assertThat(web.client().postRaw("/login", login).statusCode()).isEqualTo(403);
    WebClient victim = web.client();
    String token = WebClient.csrf(victim.get("/signup").body());
    WebClient other = web.client();
    other.get("/signup"); // a cookie of its own
    java.util.Map<String, String> withToken = new java.util.HashMap<>(login);
    withToken.put("csrf", token);
    assertThat(web.client().postRaw("/login", withToken).statusCode()).isEqualTo(403);
    assertThat(other.postRaw("/login", withToken).statusCode()).isEqualTo(403);

    // A cookie whose made-at time was moved on is refused: the time is part of what is signed.
    HttpCookie form = formCookie(victim);
    String moved =
        (Long.parseLong(form.getValue().substring(0, form.getValue().indexOf('.'))) + 1)
            + form.getValue().substring(form.getValue().indexOf('.'));
    WebClient forger = web.client();
    HttpCookie forged = new HttpCookie("parley_form", moved);
    forged.setPath("/");
    forged.setVersion(0);
    forger.cookies.getCookieStore().add(URI.create(web.base()), forged);
    assertThat(forger.postRaw("/login", withToken).statusCode()).isEqualTo(403);

    // Its own cookie and token work, once; two hours on the page is too old.
    WebClient late = web.client();
    String lateToken = WebClient.csrf(late.get("/login").body());
    web.clock.advance(Duration.ofHours(2).plusMinutes(1));
    java.util.Map<String, String> tooLate = new java.util.HashMap<>(login);
    tooLate.put("csrf", lateToken);
    HttpResponse<String> expired = late.postRaw("/login", tooLate);
    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(expired.body()).contains("This form has expired");
    // A reload gives a fresh cookie, and the form goes through.
    late.login("ada@example.com", WebSite.PASSWORD);
    assertThat(victim.postRaw("/login", withToken).statusCode()).isEqualTo(403); // expired too
    assertThat(sessions()).isEqualTo(1);
  }

  private static HttpCookie formCookie(WebClient c) {
    List<HttpCookie> all = c.cookies.getCookieStore().getCookies();
    return all.stream().filter(k -> k.getName().equals("parley_form")).findFirst().orElseThrow();
  }

  private int sessions() {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT COUNT(*) FROM web_sessions").mapTo(Integer.class).one());
  }
}
