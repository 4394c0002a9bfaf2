package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY F7/F8: choosing a new password with a mailed link ends every other session of the
 * account and every older link mailed to its address.
 */
class PasswordResetF7F8IT {
  static final String NEW_PASSWORD = "copper kettle meadow 77";
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
  void f7f8FinishingAResetEndsOtherSessionsAndOlderLinks() {
    // Ada is signed in on two browsers (one of them perhaps a thief's).
    WebClient laptop = web.client();
    laptop.login("ada@example.com", WebSite.PASSWORD);
    WebClient other = web.client();
    other.login("ada@example.com", WebSite.PASSWORD);
    assertThat(other.get("/profile").statusCode()).isEqualTo(200);

    // Two links are mailed to her address; she uses the newer one on her laptop.
    web.client().submit("/signup", "/signup", Map.of("email", "ada@example.com"));
    String older = lastToken();
    web.client().submit("/signup", "/signup", Map.of("email", "ada@example.com"));
    String newer = lastToken();
    assertThat(newer).isNotEqualTo(older);
    HttpResponse<String> done =
        laptop.submit(
            "/signup/finish?token=" + newer,
            "/signup/finish",
            Map.of("token", newer, "name", "Ada", "password", NEW_PASSWORD));
    assertThat(done.statusCode()).isEqualTo(303);

    // The browser that finished is signed in; the other session is dead.
    assertThat(laptop.get("/profile").statusCode()).isEqualTo(200);
    HttpResponse<String> ended = other.get("/profile");
    assertThat(ended.statusCode()).isEqualTo(303);
    assertThat(ended.headers().firstValue("Location")).hasValue("/login?next=%2Fprofile");

    // The older link no longer chooses a password: it says it is not valid.
    HttpResponse<String> stale = web.client().get("/signup/finish?token=" + older);
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("This link is not valid");
    WebClient thief = web.client();
    HttpResponse<String> refused =
        thief.submit(
            "/signup",
            "/signup/finish",
            Map.of("token", older, "name", "Ada", "password", "thief chosen password 9"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(thief.get("/profile").statusCode()).isEqualTo(303);

    // The new password works; the old one does not.
    web.client().login("ada@example.com", NEW_PASSWORD);
    HttpResponse<String> old =
        web.client()
            .submit(
                "/login",
                "/login",
                Map.of("email", "ada@example.com", "password", WebSite.PASSWORD));
    assertThat(old.statusCode()).isEqualTo(422);
  }

  private String lastToken() {
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
    Matcher m =
        Pattern.compile("/signup/finish\\?token=([A-Za-z0-9_-]{43})")
            .matcher(new String(raw, StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
