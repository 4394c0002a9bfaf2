package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.archive.Post;
import org.parley.archive.Topic;
import org.parley.group.Group;

/**
 * The hostile HTML corpus, sent over real SMTP, renders with nothing dangerous in the page: no
 * script, no event handler, no javascript: or data: link, no frame, form, style or outside load.
 */
class HostileHtmlIT {
  @TempDir Path dir;
  WebSite web;
  HostileCorpus.Trap trap;

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir);
    Group news = web.group("news", true);
    web.member(news, "mallory@example.com", "Mallory");
    trap = new HostileCorpus.Trap();
    List<String> corpus = HostileCorpus.html(trap.url());
    for (int i = 0; i < corpus.size(); i++) {
      web.smtp("mallory@example.com", "news@lists.test", HostileCorpus.message(i, corpus.get(i)));
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    trap.close();
    web.close();
  }

  @Test
  void nothingDangerousReachesTheConversationPages() {
    Group news = web.site.groups().find(new org.parley.group.GroupName("news")).orElseThrow();
    List<Topic> topics = web.site.reader().topics(news.id(), 0, 100);
    assertThat(topics).hasSize(HostileCorpus.html("x").size());
    WebClient c = web.client();
    String list = c.get("/g/news/").body();
    assertThat(list).doesNotContain("<script>alert('subject')").contains("&lt;script&gt;");
    for (Topic t : topics) {
      Post p = web.site.reader().posts(t.id()).get(0);
      String url = "/g/news/t/" + t.id().value() + "/";
      // and with the post's remote images shown, where it has any, as "Show images" asks (G2)
      List<String> paths = new java.util.ArrayList<>(List.of(url));
      String page = c.get(url).body();
      if (page.contains("class=\"show-images")) {
        String shownImages =
            c.postRaw(
                    "/g/news/p/" + p.id().value() + "/show-images",
                    java.util.Map.of("csrf", WebClient.csrf(page)))
                .headers()
                .firstValue("Location")
                .orElseThrow()
                .replaceFirst("#.*", "");
        assertThat(shownImages).contains("&key=");
        paths.add(shownImages);
      }
      for (String path : paths) {
        HttpResponse<String> r = c.get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body();
        String fromMessage =
            body.substring(
                    body.indexOf("<div class=\"posts\">"), body.indexOf("id=\"new-messages\""))
                // our own "Show images" button, the one form a post may carry
                .replaceAll(
                    "<form class=\"images\" method=\"post\" action=\"/g/news/p/\\d+/show-images\">"
                        + "<input type=\"hidden\" name=\"csrf\" value=\"[\\w-]*\">"
                        + "<button type=\"submit\" class=\"show-images secondary\"[^>]*>"
                        + "Show images</button>",
                    "");
        for (String bad : HostileCorpus.FORBIDDEN) {
          assertThat(fromMessage)
              .as(path + " must not contain " + bad)
              .doesNotContainIgnoringCase(bad);
        }
        assertThat(fromMessage).as("no load from the trap").doesNotContain(" src=\"" + trap.url());
        assertThat(body).contains("<title>&lt;script&gt;");
      }
      // The HTML attachment downloads as a file, never as a page.
      HttpResponse<byte[]> a = c.bytes("/g/news/p/" + p.id().value() + "/a/0/x");
      assertThat(a.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
      assertThat(a.headers().firstValue("Content-Disposition").orElseThrow())
          .startsWith("attachment;");
    }
    assertThat(trap.hits).as("requests to the outside host").isEmpty();
  }
}
