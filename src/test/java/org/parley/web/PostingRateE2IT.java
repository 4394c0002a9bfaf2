package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.group.Group;

/** RELIABILITY E2 on the web path: the storm brake answers a web post with the form's error. */
class PostingRateE2IT {
  @TempDir Path dir;
  WebSite web;

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void e2AWebPostPastTheSendersRateIsRefusedWithTheFormsErrorAndTheTextKept() {
    web = new WebSite(dir, Map.of("PARLEY_SENDER_POSTS_PER_MINUTE", "2"));
    Group news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);

    for (int i = 1; i <= 2; i++) {
      HttpResponse<String> r =
          ada.submit(
              "/g/news/new",
              "/g/news/new",
              Map.of("subject", "Note " + i, "body", "Note number " + i + ".", "action", "post"));
      assertThat(r.statusCode()).isEqualTo(303);
    }
    HttpResponse<String> third =
        ada.submit(
            "/g/news/new",
            "/g/news/new",
            Map.of("subject", "Note 3", "body", "Words worth keeping.", "action", "post"));
    assertThat(third.statusCode()).isEqualTo(422);
    assertThat(third.body())
        .contains("ada@example.com has sent 2 posts to news@lists.test in the last minute")
        .contains("Words worth keeping.");
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(2);

    web.clock.advance(Duration.ofSeconds(61));
    assertThat(
            ada.submit(
                    "/g/news/new",
                    "/g/news/new",
                    Map.of("subject", "Note 3", "body", "Words worth keeping.", "action", "post"))
                .statusCode())
        .isEqualTo(303);
  }
}
