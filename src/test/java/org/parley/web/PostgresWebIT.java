package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.archive.Post;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;
import org.parley.testkit.Mboxrd;

/**
 * The web's own tables (sessions, read marks, topic views, sign-up tokens) on PostgreSQL: one
 * member's visit, sign-in, reply and sign-out, as on the embedded default.
 */
@Tag("slow") // an embedded PostgreSQL
class PostgresWebIT {
  @TempDir Path dir;

  @Test
  void aMembersVisitWorksOnPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        WebSite web =
            new WebSite(dir, Map.of("PARLEY_DB", pg.getJdbcUrl("postgres", "postgres")))) {
      Group news = web.group("news", false);
      web.member(news, "ada@example.com", "Ada Lovelace");
      web.member(news, "grace@example.com", "Grace Hopper");
      IngestResult.Accepted first =
          web.mail(
              "news",
              WebSite.message(
                  "news",
                  "Grace Hopper <grace@example.com>",
                  "one@example.com",
                  "Tide",
                  null,
                  "First."));
      String topic = "/g/news/t/" + first.topic().value() + "/";

      assertThat(web.client().get(topic).statusCode()).isEqualTo(404); // private, signed out
      WebClient ada = web.client();
      ada.login("ada@example.com", WebSite.PASSWORD);
      String page = ada.get(topic).body();
      assertThat(page)
          .contains("Tide")
          .contains("1 view")
          .contains("<span class=\"marker\">unread</span>");
      assertThat(ada.get(topic).body())
          .contains("1 view")
          .doesNotContain("<span class=\"marker\">unread</span>");

      HttpResponse<String> reply =
          ada.submit(
              topic,
              topic + "reply",
              Map.of(
                  "parent",
                  Long.toString(first.post().value()),
                  "body",
                  "Lovely, **thanks**.",
                  "action",
                  "post"));
      assertThat(reply.statusCode()).isEqualTo(303);
      web.clock.advance(Duration.ofMinutes(31));
      assertThat(ada.get(topic).body())
          .contains("2 views")
          .contains("Lovely, <strong>thanks</strong>.");

      // The topic list's and home page's queries, on PostgreSQL.
      for (String sort : new String[] {"", "?sort=newest", "?sort=replies"}) {
        assertThat(ada.get("/g/news/" + sort).body())
            .contains("<tr class=\"read\">")
            .containsSubsequence(
                "title=\"Grace Hopper\">GH</span>", "title=\"Ada Lovelace\">AL</span>")
            .contains("<td class=\"count replies\">1<span class=\"unit\"> reply</span></td>")
            .contains("<div class=\"snippet\">First.</div>");
      }
      assertThat(ada.get("/").body())
          .contains("<td class=\"count topics\">1<span class=\"unit\"> topic</span></td>")
          .contains("<td class=\"count unread\">0<span class=\"unit\"> unread topics</span></td>")
          .contains("<span class=\"relative\">(31 minutes ago)</span>");

      // The mbox export's paged query, on PostgreSQL: the group's and the topic's.
      List<byte[]> raws = new ArrayList<>();
      for (Post p : web.site.reader().posts(first.topic())) {
        raws.add(web.site.reader().raw(p));
      }
      assertThat(raws).hasSize(2);
      for (String path : new String[] {"/g/news/mbox.gz", topic + "mbox.gz"}) {
        HttpResponse<byte[]> mbox = ada.bytes(path);
        assertThat(mbox.statusCode()).as(path).isEqualTo(200);
        try (var in = new GZIPInputStream(new ByteArrayInputStream(mbox.body()))) {
          assertThat(Mboxrd.split(in.readAllBytes())).as(path).containsExactlyElementsOf(raws);
        }
      }

      assertThat(ada.submit("/", "/logout", Map.of()).statusCode()).isEqualTo(303);
      assertThat(ada.get(topic).statusCode()).isEqualTo(404);
    }
  }
}
