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
import org.parley.ingest.IngestResult;

/**
 * RELIABILITY G2: a post's remote images (a sender's trackers) load only after the reader's own
 * click. A link, such as {@code ?images=N} mailed by the sender, loads nothing; the "Show images"
 * button posts a form with the reader's token, and the consent it gives is for that reader, that
 * post and a few minutes. Shown images load with no referrer.
 */
class G2RemoteImagesIT {
  static final String TRACKER = "https://tracker.example.org/pixel.png?who=reader";

  @TempDir Path dir;
  WebSite web;
  IngestResult.Accepted tracked;
  String topic;
  String showImages;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    Group news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.member(news, "grace@example.com", "Grace Hopper");
    web.member(news, "mallory@example.com", "Mallory");
    tracked =
        web.mail(
            "news",
            "From: Mallory <mallory@example.com>\nTo: news@lists.test\nSubject: Offer\n"
                + "Message-ID: <offer@example.com>\nDate: Sun, 30 Nov 2025 11:00:00 +0000\n"
                + "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
                + "<p>Hello</p><img src=\""
                + TRACKER
                + "\" alt=\"logo\">\n");
    topic = "/g/news/t/" + tracked.topic().value() + "/";
    showImages = "/g/news/p/" + tracked.post().value() + "/show-images";
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  static void assertNotLoaded(HttpResponse<String> page) {
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .doesNotContain(" src=\"" + TRACKER.replace("&", "&amp;") + "\"")
        .contains("class=\"image-placeholder\"")
        .contains(">Show images</button>");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("img-src 'self';");
  }

  static String location(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return r.headers().firstValue("Location").orElseThrow().replaceFirst("#.*", "");
  }

  @Test
  void g2RemoteImagesNeedTheReadersOwnClick() {
    // The sender's link: nothing loads, signed in or not.
    String mailedLink = topic + "?images=" + tracked.post().value();
    WebClient anonymous = web.client();
    assertNotLoaded(anonymous.get(mailedLink));
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    assertNotLoaded(ada.get(mailedLink));
    assertNotLoaded(ada.get(mailedLink + "&key=9999999999.forged"));

    // The button is a form; posting it without the reader's token (from another site) is refused.
    assertThat(ada.postRaw(showImages, Map.of()).statusCode()).isEqualTo(403);
    assertThat(ada.postRaw(showImages, Map.of("csrf", "forged")).statusCode()).isEqualTo(403);

    // The reader's click: the images load, for this answer, with no referrer.
    String shownUrl =
        location(ada.postRaw(showImages, Map.of("csrf", WebClient.csrf(ada.get(topic).body()))));
    assertThat(shownUrl).startsWith(topic + "?images=" + tracked.post().value() + "&key=");
    HttpResponse<String> shown = ada.get(shownUrl);
    assertThat(shown.body())
        .contains(
            "<img alt=\"logo\" src=\""
                + TRACKER.replace("&", "&amp;")
                + "\" referrerpolicy=\"no-referrer\">")
        .doesNotContain(">Show images</button>");
    assertThat(shown.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("img-src 'self' https:");

    // Ada's consent is hers: mailed on, it shows Grace and a signed-out reader nothing.
    WebClient grace = web.client();
    grace.login("grace@example.com", WebSite.PASSWORD);
    assertNotLoaded(grace.get(shownUrl));
    assertNotLoaded(web.client().get(shownUrl));
    // Nor does it show another post's images.
    assertNotLoaded(ada.get(shownUrl.replace("?images=", "?images=1")));

    // It lasts minutes, not for ever.
    web.clock.advance(Duration.ofMinutes(11));
    assertNotLoaded(ada.get(shownUrl));
  }

  @Test
  void g2ASignedOutReaderCanStillShowImagesWithItsOwnClick() {
    WebClient reader = web.client();
    String page = reader.get(topic).body();
    String shownUrl = location(reader.postRaw(showImages, Map.of("csrf", WebClient.csrf(page))));
    assertThat(reader.get(shownUrl).body()).contains("referrerpolicy=\"no-referrer\"");
    // Without the page's token, a cross-site form posted for it is refused.
    assertThat(web.client().postRaw(showImages, Map.of("csrf", "")).statusCode()).isEqualTo(403);
  }
}
