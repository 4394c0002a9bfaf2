package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.ingest.IngestResult;

/**
 * Issue 15: a signed-out visitor who opens a page that needs a session is sent to sign in and
 * brought back to it, never to another site.
 */
class SignInRedirectIT {
  private static final Pattern NEXT = Pattern.compile("name=\"next\" value=\"([^\"]*)\"");

  @TempDir Path dir;
  WebSite web;
  String post;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    Group news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada");
    web.group("secret", false);
    Account root = web.account("root@example.com", "Root", ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(root.id(), true);
    IngestResult.Accepted a =
        web.mail(
            "news", WebSite.message("news", "ada@example.com", "m1@x", "Tides", null, "High."));
    post = "/g/news/p/" + a.post().value();
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void everyPageThatNeedsASessionSendsASignedOutVisitorToSignInWithTheWayBack() {
    for (String path :
        List.of(
            "/g/news/new",
            post + "/reply-author",
            post + "/forward",
            "/profile",
            "/profile?saved=1",
            "/admin/mail",
            "/admin/mail/1/source",
            "/admin/quarantine")) {
      HttpResponse<String> r = web.client().get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(303);
      assertThat(r.headers().firstValue("Location"))
          .as(path)
          .hasValue("/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
    }
  }

  @Test
  void signingInThereComesBackToThePage() {
    for (String[] who :
        List.of(
            new String[] {"ada@example.com", "/g/news/new", "New topic in NEWS"},
            new String[] {"ada@example.com", post + "/forward?x=1&y=%2F", "Forward this message"},
            new String[] {"root@example.com", "/admin/mail", "Captured mail"})) {
      WebClient c = web.client();
      String location = c.get(who[1]).headers().firstValue("Location").orElseThrow();
      String login = c.get(location).body();
      // The sign-in form carries the way back.
      assertThat(next(login)).isEqualTo(who[1]);
      HttpResponse<String> in =
          c.submit(
              location,
              "/login",
              Map.of("email", who[0], "password", WebSite.PASSWORD, "next", next(login)));
      assertThat(in.statusCode()).isEqualTo(303);
      assertThat(in.headers().firstValue("Location")).hasValue(who[1]);
      HttpResponse<String> back = c.get(who[1]);
      assertThat(back.statusCode()).as(who[1]).isEqualTo(200);
      assertThat(back.body()).contains(who[2]);
    }
  }

  @Test
  void aSignedInVisitorWhoMayNotSeeAPageIsToldSoNotSentToSignIn() {
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    HttpResponse<String> r = ada.get("/admin/mail");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("Only a site admin can see this page.");
    assertThat(r.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void aPrivateGroupsPagesStayNotFoundSoTheRedirectRevealsNoGroup() {
    HttpResponse<String> r = web.client().get("/g/secret/new");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    // The same page as for a group that does not exist, with a way to sign in and come back.
    assertThat(r.body()).contains("<a href=\"/login?next=%2Fg%2Fsecret%2Fnew\">Sign in</a>");
    assertThat(web.client().get("/g/nosuch/new").body())
        .contains("<a href=\"/login?next=%2Fg%2Fnosuch%2Fnew\">Sign in</a>");
  }

  @Test
  void theWayBackIsAlwaysAPathOnThisSite() {
    for (String bad :
        List.of(
            "//evil.example/x",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/\r\nSet-Cookie: x=1",
            "/\tevil",
            " /g/news/",
            "")) {
      WebClient c = web.client();
      String page = c.get("/login?next=" + URLEncoder.encode(bad, StandardCharsets.UTF_8)).body();
      assertThat(next(page)).as(bad).isEqualTo("/");
      HttpResponse<String> in =
          c.submit(
              "/login",
              "/login",
              Map.of("email", "ada@example.com", "password", WebSite.PASSWORD, "next", bad));
      assertThat(in.statusCode()).as(bad).isEqualTo(303);
      assertThat(in.headers().firstValue("Location")).as(bad).hasValue("/");
    }
    // A path on this site, query and all, is kept.
    WebClient c = web.client();
    HttpResponse<String> in =
        c.submit(
            "/login",
            "/login",
            Map.of(
                "email",
                "ada@example.com",
                "password",
                WebSite.PASSWORD,
                "next",
                "/search?q=a%20b"));
    assertThat(in.headers().firstValue("Location")).hasValue("/search?q=a%20b");
  }

  @Test
  void aFormSentSignedOutKeepsItsRefusalAndOffersSignInBackToItsPage() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(web.base() + "/g/news/new"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Referer", web.base() + "/g/news/new?from=list")
                .POST(HttpRequest.BodyPublishers.ofString("subject=Hi&body=Hello"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.body()).contains("<a href=\"/login?next=%2Fg%2Fnews%2Fnew%3Ffrom%3Dlist\">");
    // A form sent from another site's page is not a way back.
    HttpResponse<String> foreign =
        http.send(
            HttpRequest.newBuilder(URI.create(web.base() + "/g/news/new"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Referer", "https://evil.example/g/news/new")
                .POST(HttpRequest.BodyPublishers.ofString("subject=Hi&body=Hello"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("<a href=\"/login\">Sign in</a>").doesNotContain("evil");
    // With a signed-out session (its form token right), the page asks to sign in.
    WebClient c = web.client();
    HttpResponse<String> session =
        c.submit("/login", "/g/news/new", Map.of("subject", "Hi", "body", "Hello"));
    assertThat(session.statusCode()).isEqualTo(403);
    assertThat(session.body()).contains("Sign in to do this.").contains(">Sign in</a>");
    Group news = web.site.groups().find(new GroupName("news")).orElseThrow();
    assertThat(web.site.reader().topics(news.id(), 0, 10)).as("nothing was posted").hasSize(1);
  }

  private static String next(String page) {
    Matcher m = NEXT.matcher(page);
    assertThat(m.find()).as(page).isTrue();
    return m.group(1).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"");
  }
}
