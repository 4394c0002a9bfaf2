package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;

/** Accounts, sessions, CSRF and the security headers, over HTTP. */
class AccountsIT {
  @TempDir Path dir;
  WebSite web;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    web.group("news", true);
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    HttpResponse<String> r = web.client().get("/");
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains("default-src 'self'")
        .contains("img-src 'self'")
        .contains("frame-ancestors 'none'")
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .matches("text/html; ?charset=utf-8");
    // No inline script anywhere: every script comes from /assets.
    assertThat(r.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
    assertThat(web.client().get("/assets/htmx.min.js").statusCode()).isEqualTo(200);
    assertThat(web.client().get("/assets/parley.js").statusCode()).isEqualTo(200);
    assertThat(web.client().get("/assets/parley.css").body()).contains(".post");
  }

  @Test
  void signUpByMailedLinkThenSignInAndOut() {
    WebClient c = web.client();
    HttpResponse<String> weak = null;
    HttpResponse<String> r = c.submit("/signup", "/signup", Map.of("email", "new@example.com"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Check your mail");
    String link = lastLink();
    String path = link.substring(link.indexOf("/signup/finish"));
    weak =
        c.submit(
            path,
            "/signup/finish",
            Map.of("token", token(link), "name", "New", "password", "short"));
    assertThat(weak.statusCode()).isEqualTo(422);
    assertThat(weak.body()).contains("at least 10 characters");
    weak =
        c.submit(
            path,
            "/signup/finish",
            Map.of("token", token(link), "name", "New", "password", "password12"));
    assertThat(weak.statusCode()).isEqualTo(422);
    assertThat(weak.body()).contains("too easy to guess");
    HttpResponse<String> ok =
        c.submit(
            path,
            "/signup/finish",
            Map.of("token", token(link), "name", "New Person", "password", WebSite.PASSWORD));
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(c.get("/").body()).contains("New Person").contains("Sign out");
    // The link works once; after that it says so, and what to do.
    HttpResponse<String> used = c.get(path);
    assertThat(used.statusCode()).isEqualTo(400);
    assertThat(used.body())
        .contains("This link is not valid")
        .contains("already used")
        .contains("<a href=\"/signup\">Ask for a new link</a>")
        .doesNotContain("expired");
  }

  @Test
  void theSignUpMailIsReadOnTheCapturedMailPageAndItsLinkFinishesSignUp() {
    Account root = web.account("root@example.com", "Root", ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(root.id(), true);
    WebClient newcomer = web.client();
    newcomer.submit("/signup", "/signup", Map.of("email", "new@example.com"));
    // the link is mailed by a job after the page answers: captured once it has run
    web.awaitMailSent();

    WebClient admin = web.client();
    admin.login("root@example.com", WebSite.PASSWORD);
    String list = admin.get("/admin/mail").body();
    // One row: the From field, the subject, whom it was delivered to and the date.
    Matcher row =
        Pattern.compile(
                "(?s)<tr>\\s*<td class=\"from\" title=\"[^\"]*\">([^<]*)</td>\\s*"
                    + "<td class=\"subject\"><a href=\"(/admin/mail/\\d+)\" title=\"[^\"]*\">([^<]*)</a></td>\\s*"
                    + "<td class=\"to\" title=\"[^\"]*\">([^<]*)</td>\\s*"
                    + "<td class=\"when\"><time datetime=\"([^\"]*)\"")
            .matcher(list);
    assertThat(row.find()).as(list).isTrue();
    assertThat(row.group(1)).isEqualTo("Parley &lt;noreply@lists.test&gt;");
    assertThat(row.group(3)).isEqualTo("Finish signing up at lists.test");
    assertThat(row.group(4)).isEqualTo("new@example.com");
    assertThat(row.group(5)).startsWith("2025-11-30T12:00");

    // The message decoded, as a reader sees it, with its link clickable.
    String page = admin.get(row.group(2)).body();
    assertThat(page)
        .contains("To finish signing up at")
        .contains("From</dt><dd>Parley &lt;noreply@lists.test&gt;")
        .doesNotContain("=3D")
        .doesNotContain("Content-Transfer-Encoding");
    Matcher a =
        Pattern.compile("<a href=\"(http://[^\"]+(/signup/finish\\?token=[A-Za-z0-9_-]+))\"")
            .matcher(page);
    assertThat(a.find()).as(page).isTrue();
    // Its source is one click away, and even there the link is whole, on one line.
    assertThat(page).contains("<a href=\"" + row.group(2) + "/source\">Source</a>");
    String source = admin.get(row.group(2) + "/source").body();
    assertThat(source).contains("Content-Transfer-Encoding: 7bit").contains(a.group(1) + "\r\n");

    // The newcomer follows the link and finishes.
    String path = a.group(2);
    assertThat(newcomer.get(path).body()).contains("Choose a password").contains("new@example.com");
    HttpResponse<String> done =
        newcomer.submit(
            path,
            "/signup/finish",
            Map.of("token", token(path), "name", "New Person", "password", WebSite.PASSWORD));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(newcomer.get("/").body()).contains("New Person").contains("Sign out");
  }

  @Test
  void aDamagedLinkIsInvalidAndAnOldOneExpiredEachSayingWhatToDo() {
    WebClient c = web.client();
    c.submit("/signup", "/signup", Map.of("email", "new@example.com"));
    String token = token(lastLink());
    List<String> damaged =
        List.of(
            token.substring(0, 30), // cut short
            "3D" + token, // a quoted-printable "=3D" left in by a reader that did not decode
            token.substring(0, 40) + "=", // a soft line break's "=" at the end of a cut line
            token + "=",
            token + "x",
            "not a token at all <b>",
            "");
    for (String bad : damaged) {
      HttpResponse<String> r =
          c.get("/signup/finish?token=" + URLEncoder.encode(bad, StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.body())
          .as(bad)
          .contains("This link is not valid")
          .contains("incomplete or damaged")
          .contains("<a href=\"/signup\">Ask for a new link</a>")
          .doesNotContain("expired")
          .doesNotContain("<b>");
    }
    assertThat(c.get("/signup/finish").statusCode()).isEqualTo(400);
    // A token of the right shape that this site never issued.
    HttpResponse<String> unknown = c.get("/signup/finish?token=" + "A".repeat(43));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("This link is not valid").doesNotContain("expired");
    // The damaged tries did not use the real link up.
    assertThat(c.get("/signup/finish?token=" + token).body()).contains("Choose a password");

    web.clock.advance(Duration.ofHours(25));
    HttpResponse<String> expired = c.get("/signup/finish?token=" + token);
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(expired.body())
        .contains("This link has expired")
        .contains("work for a day")
        .contains("<a href=\"/signup\">Ask for a new link</a>")
        .doesNotContain("not valid");
    // Sending the form with it is refused the same way, and sets no password.
    HttpResponse<String> late =
        c.submit(
            "/signup",
            "/signup/finish",
            Map.of("token", token, "name", "Late", "password", WebSite.PASSWORD));
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(late.body()).contains("This link has expired");
    assertThat(web.site.accounts().find(EmailAddress.of("new@example.com"))).isEmpty();
  }

  @Test
  void signUpDoesNotRevealWhetherAnAddressHasAnAccount() {
    web.account("ada@example.com", "Ada", ZoneId.of("UTC"));
    String existing =
        web.client().submit("/signup", "/signup", Map.of("email", "ada@example.com")).body();
    String fresh =
        web.client().submit("/signup", "/signup", Map.of("email", "nobody@example.com")).body();
    assertThat(existing.replace("ada@example.com", "X"))
        .isEqualTo(fresh.replace("nobody@example.com", "X"));
    String wrongPassword =
        web.client()
            .submit(
                "/login",
                "/login",
                Map.of("email", "ada@example.com", "password", "wrong password"))
            .body();
    String noAccount =
        web.client()
            .submit(
                "/login",
                "/login",
                Map.of("email", "nobody@example.com", "password", "wrong password"))
            .body();
    assertThat(wrongPassword).contains("That address and password do not match an account here.");
    assertThat(noAccount).contains("That address and password do not match an account here.");
  }

  @Test
  void aNewSessionIdOnSignInAndSignOutReallyEndsIt() {
    web.account("ada@example.com", "Ada", ZoneId.of("UTC"));
    WebClient c = web.client();
    c.get("/login");
    // Signed out there is no session to fixate: the sign-in form needs none (RELIABILITY B).
    assertThat(c.cookies.getCookieStore().getCookies())
        .noneMatch(k -> k.getName().equals("parley_session"));
    c.login("ada@example.com", WebSite.PASSWORD);
    String signedIn = session(c);
    HttpCookie cookie = cookie(c);
    assertThat(cookie.isHttpOnly()).isTrue();
    HttpResponse<String> profile = c.get("/profile");
    assertThat(profile.statusCode()).isEqualTo(200);
    // Sign out, then replay the old cookie: the session is gone from the store.
    assertThat(c.submit("/profile", "/logout", Map.of()).statusCode()).isEqualTo(303);
    WebClient thief = web.client();
    HttpCookie stolen = new HttpCookie("parley_session", signedIn);
    stolen.setPath("/");
    stolen.setVersion(0);
    thief.cookies.getCookieStore().add(URI.create(web.base()), stolen);
    // Signed out, the profile page sends each of them to sign in.
    assertThat(thief.get("/profile").headers().firstValue("Location"))
        .hasValue("/login?next=%2Fprofile");
    assertThat(c.get("/profile").headers().firstValue("Location"))
        .hasValue("/login?next=%2Fprofile");
  }

  @Test
  void setCookieIsHttpOnlyAndSameSiteLax() {
    web.account("ada@example.com", "Ada", ZoneId.of("UTC"));
    WebClient c = web.client();
    String csrf = WebClient.csrf(c.get("/login").body());
    HttpResponse<String> r =
        c.postRaw(
            "/login",
            Map.of("csrf", csrf, "email", "ada@example.com", "password", WebSite.PASSWORD));
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
  }

  @Test
  void aFormWithoutTheRightCsrfTokenIs403WithAClearPage() {
    web.account("ada@example.com", "Ada", ZoneId.of("UTC"));
    WebClient c = web.client();
    c.login("ada@example.com", WebSite.PASSWORD);
    HttpResponse<String> none = c.postRaw("/profile", Map.of("name", "Evil", "zone", "UTC"));
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body())
        .contains("This form has expired")
        .contains("reload the page and try again");
    HttpResponse<String> wrong =
        c.postRaw("/profile", Map.of("csrf", "forged", "name", "Evil", "zone", "UTC"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    // Another session's token does not work either.
    WebClient other = web.client();
    String otherToken = WebClient.csrf(other.get("/login").body());
    assertThat(
            c.postRaw("/profile", Map.of("csrf", otherToken, "name", "Evil", "zone", "UTC"))
                .statusCode())
        .isEqualTo(403);
    assertThat(c.get("/profile").body()).doesNotContain("Evil");
    assertThat(
            c.submit("/profile", "/profile", Map.of("name", "Ada L", "zone", "Europe/Paris"))
                .statusCode())
        .isEqualTo(303);
    assertThat(c.get("/profile").body())
        .contains("value=\"Ada L\"")
        .contains("<option value=\"Europe/Paris\" selected>");
  }

  @Test
  void wrongPasswordsSlowTheClientWithGrowingWaitsButNeverLockItOut() {
    web.account("ada@example.com", "Ada", ZoneId.of("UTC"));
    WebClient c = web.client();
    for (int i = 0; i < 3; i++) {
      assertThat(
              c.submit(
                      "/login",
                      "/login",
                      Map.of("email", "ada@example.com", "password", "wrong " + i))
                  .statusCode())
          .isEqualTo(422);
    }
    HttpResponse<String> limited =
        c.submit(
            "/login", "/login", Map.of("email", "ada@example.com", "password", WebSite.PASSWORD));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body())
        .contains("Too many sign-in attempts from here. Try again in 1 second.");
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
    web.clock.advance(Duration.ofSeconds(1));
    c.login("ada@example.com", WebSite.PASSWORD);
  }

  @Test
  void errorPagesAreForPeople() {
    HttpResponse<String> r = web.client().get("/no/such/page");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body())
        .contains("<h1>Not found</h1>")
        .doesNotContain("Exception")
        .doesNotContain("at org.");
    // A form sent without signing in (the session has no account): a 403 page that says so.
    WebClient signedOut = web.client();
    HttpResponse<String> refused =
        signedOut.submit("/login", "/profile", Map.of("name", "X", "zone", "UTC"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("Sign in to do this.").doesNotContain("Exception");
    // a form far over the site's request limit
    HttpResponse<String> huge =
        web.client().postRaw("/login", Map.of("email", "a".repeat(2_000_000), "password", "x"));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.body()).contains("<h1>Too large</h1>").contains("larger than this site takes");
  }

  private String lastLink() {
    web.awaitMailSent();
    byte[] raw =
        web.site
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT raw FROM captured_mail ORDER BY id DESC LIMIT 1")
                        .mapTo(byte[].class)
                        .one());
    // Read as it would be sent, not decoded: the link must be whole even in the raw text.
    String text = new String(raw, StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("http://\\S+/signup/finish\\?token=[A-Za-z0-9_-]{43}\r\n").matcher(text);
    assertThat(m.find()).as("a link in:\n" + text).isTrue();
    return m.group().strip();
  }

  private static String token(String link) {
    return link.substring(link.indexOf("token=") + 6);
  }

  private static HttpCookie cookie(WebClient c) {
    return c.cookies.getCookieStore().getCookies().stream()
        .filter(k -> k.getName().equals("parley_session"))
        .findFirst()
        .orElseThrow();
  }

  private static String session(WebClient c) {
    return cookie(c).getValue();
  }
}
