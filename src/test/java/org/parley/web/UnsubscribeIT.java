package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.group.Group;
import org.parley.member.Member;
import org.parley.testkit.RelaySink;

/** The List-Unsubscribe URL of every copy: RFC 8058 one-click, and a page that asks first. */
class UnsubscribeIT {
  @TempDir Path dir;
  WebSite web;
  Group group;
  Member grace;

  @BeforeEach
  void start() {
    web = new WebSite(dir);
    group = web.group("news", true);
    web.member(group, "ada@example.com", "Ada");
    web.member(group, "grace@example.com", "Grace");
    grace =
        web.site.members().list(group.id()).stream()
            .filter(m -> m.email().value().equals("grace@example.com"))
            .findFirst()
            .orElseThrow();
  }

  @AfterEach
  void stop() {
    web.close();
  }

  @Test
  void openingTheLinkOnlyAsksAndChangesNothing() {
    HttpResponse<String> page = web.client().get("/u/" + grace.token());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Leave NEWS?")
        .contains("news@lists.test")
        .contains("<form method=\"post\"");
    assertThat(web.site.members().list(group.id())).hasSize(2);
  }

  @Test
  void aOneClickPostWithoutASessionEndsThatMembershipOnly() {
    HttpResponse<String> r =
        web.client().postRaw("/u/" + grace.token(), Map.of("List-Unsubscribe", "One-Click"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("You have left NEWS");
    assertThat(web.site.members().list(group.id()))
        .extracting(m -> m.email().value())
        .containsExactly("ada@example.com");
  }

  @Test
  void anUnknownOrUsedTokenGetsAPageSayingSo() {
    web.client().postRaw("/u/" + grace.token(), Map.of("List-Unsubscribe", "One-Click"));

    HttpResponse<String> again = web.client().get("/u/" + grace.token());
    HttpResponse<String> junk = web.client().postRaw("/u/not-a-token", Map.of());
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("no longer valid");
    assertThat(junk.statusCode()).isEqualTo(404);
  }

  /**
   * RELIABILITY item 16: an RFC 8058 client that missed the answer posts again; the link of a
   * membership that has ended answers 200 saying so, and ends nothing else.
   */
  @Test
  void e7AReplayedOneClickPostIsAnswered200AlreadyUnsubscribed() throws Exception {
    web.mail(
        "news",
        WebSite.message("news", "Ada <ada@example.com>", "one@example.com", "Hi", null, "Hello."));
    // the copy to grace, carrying her link, is recorded for delivery
    RelaySink.await(
        "grace's copy to be recorded", Duration.ofSeconds(30), () -> mailedWith(grace.token()) > 0);
    HttpResponse<String> first =
        web.client().postRaw("/u/" + grace.token(), Map.of("List-Unsubscribe", "One-Click"));
    HttpResponse<String> replay =
        web.client().postRaw("/u/" + grace.token(), Map.of("List-Unsubscribe", "One-Click"));
    HttpResponse<String> opened = web.client().get("/u/" + grace.token());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("You have left NEWS");
    for (HttpResponse<String> r : java.util.List.of(replay, opened)) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("Already unsubscribed from NEWS")
          .contains("news@lists.test has already ended");
    }
    assertThat(web.site.members().list(group.id()))
        .extracting(m -> m.email().value())
        .containsExactly("ada@example.com");
    // a well-formed token that no copy ever carried is still unknown
    assertThat(web.client().postRaw("/u/" + "0".repeat(32), Map.of()).statusCode()).isEqualTo(404);
  }

  private int mailedWith(String token) {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM outbound WHERE member_token = :t")
                    .bind("t", token)
                    .mapTo(Integer.class)
                    .one());
  }
}
