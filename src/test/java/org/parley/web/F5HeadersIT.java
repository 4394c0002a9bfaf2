package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;

/**
 * RELIABILITY F5 (and F7's caching): what every answer says to caches and browsers. Nothing for one
 * viewer is stored by a shared cache; a public group's attachment is cached for minutes only, so
 * making the group private takes it out of caches soon; COOP everywhere; on an https site HSTS and
 * a {@code __Host-} session cookie; and Jetty's own error answers carry the same headers as ours.
 */
class F5HeadersIT {
  @TempDir Path dir;
  WebSite web;

  @AfterEach
  void tearDown() {
    if (web != null) {
      web.close();
    }
  }

  private IngestResult.Accepted postWithAttachment(String group) {
    return web.mail(
        group,
        "From: Ada <ada@example.com>\nTo: "
            + group
            + "@lists.test\nSubject: Minutes\nMessage-ID: <minutes-"
            + group
            + "@example.com>\nDate: Sun, 30 Nov 2025 11:00:00 +0000\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
            + "Minutes attached.\n--b\nContent-Type: text/plain; name=\"m.txt\"\n"
            + "Content-Disposition: attachment; filename=\"m.txt\"\n\nthe minutes\n--b--\n");
  }

  @Test
  void f5PagesForViewersAreNeverStoredByCaches() {
    web = new WebSite(dir);
    Group news = web.group("news", true);
    Group secret = web.group("secret", false);
    web.member(news, "ada@example.com", "Ada");
    web.member(secret, "ada@example.com", "Ada");
    IngestResult.Accepted pub = postWithAttachment("news");
    IngestResult.Accepted priv = postWithAttachment("secret");
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    String topic = "/g/news/t/" + pub.topic().value() + "/";
    for (String path :
        List.of(
            "/",
            "/g/news/",
            topic,
            "/g/news/p/" + pub.post().value() + "/raw",
            "/g/secret/p/" + priv.post().value() + "/raw",
            "/search?q=minutes",
            "/profile",
            "/no-such-page")) {
      HttpResponse<String> r = ada.get(path);
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("private, no-store");
      assertThat(r.headers().allValues("Vary")).as(path).contains("Cookie");
      assertThat(r.headers().firstValue("Cross-Origin-Opener-Policy"))
          .as(path)
          .hasValue("same-origin");
      assertThat(r.headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
    }
    // Signed out too: the search results and the pages.
    for (String path : List.of("/search?q=minutes", topic)) {
      assertThat(web.client().get(path).headers().firstValue("Cache-Control"))
          .as(path)
          .hasValue("private, no-store");
    }
    // A public group's file: cached for minutes at most; a private group's: never stored.
    HttpResponse<byte[]> pubFile =
        web.client().bytes("/g/news/p/" + pub.post().value() + "/a/0/m.txt");
    assertThat(pubFile.statusCode()).isEqualTo(200);
    String cache = pubFile.headers().firstValue("Cache-Control").orElseThrow();
    assertThat(cache).startsWith("public, max-age=");
    assertThat(Integer.parseInt(cache.replaceFirst(".*max-age=(\\d+).*", "$1")))
        .isLessThanOrEqualTo(300);
    assertThat(
            ada.bytes("/g/secret/p/" + priv.post().value() + "/a/0/m.txt")
                .headers()
                .firstValue("Cache-Control"))
        .hasValue("private, no-store");
  }

  @Test
  void f5AnHttpsSiteSendsHstsAndAHostOnlySecureCookie() {
    web = new WebSite(dir, Map.of("PARLEY_BASE_URL", "https://lists.example.org"));
    HttpResponse<String> r = web.client().get("/login");
    assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    // the sign-in form's cookie (a session is stored only once someone signs in; both cookies are
    // named and set alike)
    String cookie =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("__Host-parley_form="))
            .findFirst()
            .orElseThrow(() -> new AssertionError(r.headers().allValues("Set-Cookie")));
    String lower = cookie.toLowerCase(Locale.ROOT);
    assertThat(lower).contains("; secure").contains("path=/").doesNotContain("domain=");
  }

  @Test
  void f5APlainHttpSiteKeepsTheCookieThatWorksThere() {
    web = new WebSite(dir);
    HttpResponse<String> r = web.client().get("/login");
    assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("parley_form="));
    // and signing in works over it
    web.account("ada@example.com", "Ada", java.time.ZoneId.of("UTC"));
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    assertThat(ada.get("/profile").statusCode()).isEqualTo(200);
  }

  @Test
  void f5JettysOwnErrorAnswersCarryOurHeaders() throws IOException {
    web = new WebSite(dir);
    String big = "x".repeat(20_000);
    List<String> codes = new ArrayList<>();
    for (String request :
        List.of(
            "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n",
            "GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "GET /a/../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "GET /search?q="
                + "a".repeat(9_000)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")) {
      String answer = raw(request);
      String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
      String status = head.lines().findFirst().orElse("");
      assertThat(status).as(head).matches("HTTP/1.1 4\\d\\d .*");
      codes.add(status.split(" ")[1]);
      String lower = head.toLowerCase(Locale.ROOT);
      assertThat(lower)
          .as(status)
          .contains("content-security-policy: default-src 'self'")
          .contains("x-content-type-options: nosniff")
          .contains("x-frame-options: deny")
          .contains("cross-origin-opener-policy: same-origin")
          .contains("referrer-policy: same-origin");
      assertThat(answer).as(status).doesNotContain("at org.").doesNotContain("Exception");
      // a sentence a person can act on, not Jetty's table of status, message and URI
      assertThat(answer)
          .as(status)
          .contains("<link rel=\"stylesheet\" href=\"/assets/parley.css\">")
          .contains(SecurityHeaders.explain(Integer.parseInt(status.split(" ")[1])))
          .doesNotContain("URI:</th>");
    }
    assertThat(codes).contains("431", "400", "414");
  }

  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", web.site.webPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
