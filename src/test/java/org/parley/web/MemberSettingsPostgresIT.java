package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;
import org.parley.member.DeliveryMode;
import org.parley.testkit.RelaySink;

/**
 * A member's own settings on PostgreSQL (issue 19, item 2): the signed link's site key, the page's
 * changes, and mute and follow as the distributor's one statement reads them, as on SQLite.
 */
@Tag("slow") // an embedded PostgreSQL
class MemberSettingsPostgresIT {
  @TempDir Path dir;

  @Test
  void settingsMuteAndFollowWorkOnPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        WebSite web =
            new WebSite(dir, Map.of("PARLEY_DB", pg.getJdbcUrl("postgres", "postgres")))) {
      Group news = web.group("news", false);
      Account ada = web.member(news, "ada@example.com", "Ada");
      Account bea = web.member(news, "bea@example.com", "Bea");
      web.member(news, "cara@example.com", "Cara");
      IngestResult.Accepted first = post(web, "first@example.com", null);
      long topic = first.topic().value();

      String key =
          web.site
              .settingsLinks()
              .key(web.site.members().find(news.id(), bea.id()).orElseThrow().token());
      WebClient stranger = web.client();
      HttpResponse<String> page = stranger.get("/g/news/me?k=" + key);
      assertThat(page.statusCode()).isEqualTo(200);
      HttpResponse<String> saved =
          stranger.postRaw(
              "/g/news/me",
              Map.of("k", key, "csrf", WebClient.csrf(page.body()), "delivery", "none"));
      assertThat(saved.statusCode()).isEqualTo(303);

      WebClient adaWeb = web.client();
      adaWeb.login("ada@example.com", WebSite.PASSWORD);
      String topicPage = "/g/news/t/" + topic + "/";
      assertThat(
              adaWeb.submit(topicPage, topicPage + "mute", Map.of("choice", "mute")).statusCode())
          .isEqualTo(303);
      WebClient beaWeb = web.client();
      beaWeb.login("bea@example.com", WebSite.PASSWORD);
      assertThat(
              beaWeb.submit(topicPage, topicPage + "mute", Map.of("choice", "follow")).statusCode())
          .isEqualTo(303);

      IngestResult.Accepted reply = post(web, "reply-1@example.com", "first@example.com");
      post(web, "reply-2@example.com", "first@example.com");
      IngestResult.Accepted last = post(web, "reply-3@example.com", "first@example.com");
      RelaySink.await(
          "the replies' copies to be recorded",
          Duration.ofSeconds(30),
          () -> recipients(web, reply).size() == 1 && recipients(web, last).size() == 1);
      // not Ada, who muted the topic, nor Cara, its author; Bea, on no email, follows it
      assertThat(recipients(web, reply)).containsExactly("bea@example.com");
      assertThat(web.site.members().find(news.id(), bea.id()).orElseThrow().delivery())
          .isEqualTo(DeliveryMode.NONE);
      assertThat(web.site.topicChoices().list(news.id(), ada.id())).hasSize(1);
    }
  }

  private static IngestResult.Accepted post(WebSite web, String id, String inReplyTo) {
    return web.mail(
        "news",
        WebSite.message("news", "Cara <cara@example.com>", id, "Tide", inReplyTo, "Words."));
  }

  private static List<String> recipients(WebSite web, IngestResult.Accepted post) {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT recipient FROM outbound WHERE post_id = :p ORDER BY 1")
                    .bind("p", post.post().value())
                    .mapTo(String.class)
                    .list());
  }
}
