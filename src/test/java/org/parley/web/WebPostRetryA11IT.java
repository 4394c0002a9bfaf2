package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;

/**
 * RELIABILITY A11 (issue 16 item 12), on the web: a form sent again after its answer was lost (a
 * retry, a double click, the browser's "resend") posts once, and the retry is answered with the
 * same redirect.
 */
class WebPostRetryA11IT {
  private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([0-9a-f]{32})\"");
  @TempDir Path dir;
  WebSite web;
  Group news;
  WebClient ada;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada");
    web.member(news, "grace@example.com", "Grace");
    ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void a11ANewTopicSentTwiceIsPostedOnce() {
    Map<String, String> form = form(ada, "/g/news/new");
    form.putAll(Map.of("subject", "Once", "body", "Only once, please.", "action", "post"));
    HttpResponse<String> first = ada.postRaw("/g/news/new", form);
    HttpResponse<String> again = ada.postRaw("/g/news/new", form);
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(1);

    // A preview keeps the key, so posting after it and then again still makes one post.
    Map<String, String> second = form(ada, "/g/news/new");
    second.putAll(Map.of("subject", "Previewed", "body", "Look first.", "action", "preview"));
    HttpResponse<String> preview = ada.postRaw("/g/news/new", second);
    assertThat(key(preview.body())).isEqualTo(second.get("key"));
    second.put("action", "post");
    String at = ada.postRaw("/g/news/new", second).headers().firstValue("Location").orElseThrow();
    assertThat(ada.postRaw("/g/news/new", second).headers().firstValue("Location")).hasValue(at);
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(2);

    // Each load of the form is a new post.
    Map<String, String> third = form(ada, "/g/news/new");
    assertThat(third.get("key")).isNotEqualTo(form.get("key"));
    third.putAll(Map.of("subject", "Once", "body", "Only once, please.", "action", "post"));
    assertThat(ada.postRaw("/g/news/new", third).headers().firstValue("Location"))
        .isNotEqualTo(first.headers().firstValue("Location"));
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(3);
  }

  @Test
  void a11AReplySentTwiceIsPostedOnceAndAnotherAuthorsKeyFindsNothingOfHers() {
    IngestResult.Accepted start =
        web.mail(
            "news",
            WebSite.message(
                "news", "Grace <grace@example.com>", "g1@example.com", "Tides", null, "Hi."));
    String topic = "/g/news/t/" + start.topic().value() + "/";
    Map<String, String> form = form(ada, topic);
    form.putAll(
        Map.of("parent", Long.toString(start.post().value()), "body", "Yes.", "action", "post"));
    HttpResponse<String> first = ada.postRaw(topic + "reply", form);
    HttpResponse<String> again = ada.postRaw(topic + "reply", form);
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(web.site.reader().posts(start.topic())).hasSize(2);

    // Grace, sending a form with Ada's key, posts her own reply and is not sent to Ada's.
    WebClient grace = web.client();
    grace.login("grace@example.com", WebSite.PASSWORD);
    Map<String, String> hers = form(grace, topic);
    hers.putAll(form);
    hers.put("csrf", WebClient.csrf(grace.get(topic).body()));
    hers.put("body", "Me too.");
    HttpResponse<String> other = grace.postRaw(topic + "reply", hers);
    assertThat(other.statusCode()).isEqualTo(303);
    assertThat(other.headers().firstValue("Location"))
        .isNotEqualTo(first.headers().firstValue("Location"));
    assertThat(web.site.reader().posts(start.topic())).hasSize(3);
  }

  /** The hidden fields of the page's last form: its CSRF token and its key. */
  private static Map<String, String> form(WebClient c, String page) {
    String html = c.get(page).body();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("csrf", WebClient.csrf(html));
    f.put("key", key(html));
    return f;
  }

  private static String key(String html) {
    Matcher m = KEY.matcher(html);
    assertThat(m.find()).as("a form key in:\n" + html).isTrue();
    return m.group(1);
  }
}
