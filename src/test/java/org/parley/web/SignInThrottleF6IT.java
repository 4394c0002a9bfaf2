package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY F6: sign-in throttling that slows guessing without locking out the rightful user. The
 * probe found five wrong guesses locked an account for 15 minutes even for the right password, and
 * 20 failures from one address (everyone behind one reverse proxy) locked the whole site.
 */
class SignInThrottleF6IT {
  @TempDir Path dir;
  WebSite web;

  @AfterEach
  void tearDown() {
    if (web != null) {
      web.close();
    }
  }

  private void open(Map<String, String> settings) {
    web = new WebSite(dir, settings);
    web.account("ada@example.com", "Ada", ZoneId.of("UTC"));
  }

  /** A browser behind the trusted proxy at 127.0.0.1, at {@code address}. */
  private WebClient behindProxy(String address) {
    WebClient c = web.client();
    c.headers.put("X-Forwarded-For", address);
    return c;
  }

  private static HttpResponse<String> signIn(WebClient c, String email, String password) {
    return c.submit("/login", "/login", Map.of("email", email, "password", password));
  }

  @Test
  void f6RightPasswordIsNeverRefusedForAnotherClientsFailures() {
    open(Map.of("PARLEY_TRUSTED_PROXIES", "127.0.0.1"));
    // One guesser hammers Ada's account, then a hundred more addresses guess once each.
    WebClient guesser = behindProxy("203.0.113.9");
    for (int i = 0; i < 30; i++) {
      assertThat(signIn(guesser, "ada@example.com", "guess " + i).statusCode()).isIn(422, 429);
    }
    for (int i = 0; i < 100; i++) {
      WebClient bot = behindProxy("198.18." + (i / 200) + "." + (i % 200 + 1));
      assertThat(signIn(bot, "ada@example.com", "guess " + i).statusCode()).isEqualTo(422);
      // Having failed on an account under attack (over 10 failures), each of them now waits.
      int again = signIn(bot, "ada@example.com", "again " + i).statusCode();
      assertThat(again).isEqualTo(i < 10 ? again : 429);
    }
    // Ada, from her own address, signs in at once with her password.
    HttpResponse<String> ada =
        signIn(behindProxy("198.51.100.7"), "ada@example.com", WebSite.PASSWORD);
    assertThat(ada.statusCode()).isEqualTo(303);
    // And so does she from another client, on the same busy minute.
    assertThat(signIn(behindProxy("2001:db8::7"), "ada@example.com", WebSite.PASSWORD).statusCode())
        .isEqualTo(303);
    // The guesser is told when to come back, in seconds, and not kept waiting on the line.
    HttpResponse<String> told = signIn(guesser, "ada@example.com", WebSite.PASSWORD);
    assertThat(told.statusCode()).isEqualTo(429);
    assertThat(told.body()).containsPattern("Try again in \\d+ (seconds|minutes)\\.");
    assertThat(told.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void f6WaitsGrowForOneClientAndEndNoLockout() {
    open(Map.of());
    WebClient c = web.client();
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(c, "ada@example.com", "wrong " + i).statusCode()).isEqualTo(422);
    }
    assertThat(signIn(c, "ada@example.com", WebSite.PASSWORD).headers().firstValue("Retry-After"))
        .hasValue("1");
    web.clock.advance(Duration.ofSeconds(1));
    assertThat(signIn(c, "ada@example.com", "wrong 4").statusCode()).isEqualTo(422);
    HttpResponse<String> twice = signIn(c, "ada@example.com", WebSite.PASSWORD);
    assertThat(twice.statusCode()).isEqualTo(429);
    assertThat(twice.body()).contains("Try again in 2 seconds.");
    web.clock.advance(Duration.ofSeconds(2));
    // Not 15 minutes: the right password works as soon as the wait is over.
    assertThat(signIn(c, "ada@example.com", WebSite.PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void f6XForwardedForIsBelievedOnlyFromATrustedProxy() {
    open(Map.of());
    // With no trusted proxy, a client cannot dodge its count by naming itself anew each time.
    WebClient liar = web.client();
    for (int i = 0; i < 3; i++) {
      liar.headers.put("X-Forwarded-For", "192.0.2." + (i + 1));
      assertThat(signIn(liar, "ada@example.com", "wrong " + i).statusCode()).isEqualTo(422);
    }
    liar.headers.put("X-Forwarded-For", "192.0.2.99");
    assertThat(signIn(liar, "ada@example.com", "wrong 3").statusCode()).isEqualTo(429);
  }

  @Test
  void f6ManyPeopleBehindOneProxyAreNotOneClient() {
    open(Map.of("PARLEY_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"));
    // 25 people behind the proxy mistype their passwords; the site stays open to the others.
    for (int i = 0; i < 25; i++) {
      WebClient c = behindProxy("203.0.113." + (i + 1) + ", 10.1.2.3");
      assertThat(signIn(c, "user" + i + "@example.com", "wrong").statusCode()).isEqualTo(422);
    }
    assertThat(
            signIn(behindProxy("203.0.113.200, 10.1.2.3"), "ada@example.com", WebSite.PASSWORD)
                .statusCode())
        .isEqualTo(303);
  }
}
