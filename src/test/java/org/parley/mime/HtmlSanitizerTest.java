package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlSanitizerTest {

  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  private static final Pattern EVENT_HANDLER =
      Pattern.compile("\\son\\w+\\s*=", Pattern.CASE_INSENSITIVE);
  private static final Pattern DANGEROUS_SCHEME =
      Pattern.compile("(javascript|vbscript|data)\\s*:", Pattern.CASE_INSENSITIVE);
  private static final Pattern REMOTE = Pattern.compile("(https?:)?//", Pattern.CASE_INSENSITIVE);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "script-tags.html",
        "event-handlers.html",
        "svg-math.html",
        "javascript-links.html",
        "css.html",
        "forms-frames.html",
        "head-elements.html",
        "remote-images.html"
      })
  void removesEverythingDangerous(String file) throws IOException {
    String clean = sanitizer.sanitize(resource("hostile/" + file));

    assertThat(clean).doesNotContainIgnoringCase("<script");
    assertThat(EVENT_HANDLER.matcher(clean).find()).as("event handler in %s", clean).isFalse();
    assertThat(DANGEROUS_SCHEME.matcher(clean).find()).as("dangerous URL in %s", clean).isFalse();
    Document doc = Jsoup.parseBodyFragment(clean);
    assertThat(
            doc.select(
                "script, style, form, input, button, select, textarea, iframe, frame, frameset,"
                    + " object, embed, applet, meta, base, link, svg, math, video, audio, source,"
                    + " picture"))
        .as("forbidden elements in %s", clean)
        .isEmpty();
    for (Element e : doc.getAllElements()) {
      assertThat(e.hasAttr("style")).as("style attribute in %s", clean).isFalse();
      assertThat(e.hasAttr("target")).as("target attribute in %s", clean).isFalse();
      for (String attribute : List.of("src", "srcset", "background", "poster", "href")) {
        if (!attribute.equals("href")) {
          assertThat(REMOTE.matcher(e.attr(attribute)).find())
              .as("remote URL in %s of %s", attribute, clean)
              .isFalse();
        }
      }
    }
    assertThat(clean).doesNotContainIgnoringCase("<html").doesNotContainIgnoringCase("<body");
  }

  @Test
  void parksRemoteImageSourcesAndKeepsCidOnes() {
    String clean =
        sanitizer.sanitize(
            "<img src=\"https://images.example/a.png\" alt=\"a\" width=\"10\">"
                + "<img src=\"cid:logo@example.org\" title=\"logo\">"
                + "<img src=\"ftp://x.example/b.png\">");

    Document doc = Jsoup.parseBodyFragment(clean);
    List<Element> images = doc.select("img");
    assertThat(images).hasSize(3);
    assertThat(images.get(0).attr("data-remote-src")).isEqualTo("https://images.example/a.png");
    assertThat(images.get(0).hasAttr("src")).isFalse();
    assertThat(images.get(0).attr("alt")).isEqualTo("a");
    assertThat(images.get(0).attr("width")).isEqualTo("10");
    assertThat(images.get(1).attr("src")).isEqualTo("cid:logo@example.org");
    assertThat(images.get(1).attr("title")).isEqualTo("logo");
    assertThat(images.get(2).attributes().size()).isZero();
  }

  @Test
  void sanitisingTwiceChangesNothing() throws IOException {
    for (String file : List.of("news-article.html", "hostile/remote-images.html")) {
      String once = sanitizer.sanitize(resource(file));
      assertThat(sanitizer.sanitize(once).strip()).as(file).isEqualTo(once.strip());
    }
    String parked = sanitizer.sanitize("<img src=\"https://images.example/a.png\" alt=\"a\">");
    assertThat(sanitizer.sanitize(parked))
        .contains("data-remote-src=\"https://images.example/a.png\"");
  }

  @Test
  void makesLinksSafeToFollow() {
    String clean =
        sanitizer.sanitize(
            "<a href=\"https://example.org/\" target=\"_blank\">ok</a>"
                + "<a href=\"mailto:a@example.org\">mail</a>"
                + "<a href=\"jAvAsCrIpT&colon;alert(1)\">bad</a>");

    Document doc = Jsoup.parseBodyFragment(clean);
    List<Element> links = doc.select("a");
    assertThat(links).hasSize(3);
    assertThat(links.get(0).attr("href")).isEqualTo("https://example.org/");
    assertThat(links.get(0).attr("rel")).isEqualTo("nofollow noopener noreferrer");
    assertThat(links.get(0).hasAttr("target")).isFalse();
    assertThat(links.get(1).attr("href")).isEqualTo("mailto:a@example.org");
    assertThat(links.get(2).hasAttr("href")).isFalse();
    assertThat(links.get(2).text()).isEqualTo("bad");
  }

  @Test
  void keepsABenignNewsArticle() throws IOException {
    String clean = sanitizer.sanitize(resource("news-article.html"));

    Document doc = Jsoup.parseBodyFragment(clean);
    assertThat(doc.select("h1").text()).isEqualTo("Harbour festival draws record crowds");
    assertThat(doc.select("h2").text()).isEqualTo("Attendance by day");
    assertThat(doc.select("p")).hasSize(1);
    assertThat(doc.select("p strong").text()).isEqualTo("40,000 people");
    assertThat(doc.select("a").attr("href")).isEqualTo("https://news.example/festival");
    Element figure = doc.selectFirst("figure");
    assertThat(figure).isNotNull();
    Element img = figure.selectFirst("img");
    assertThat(img.attr("src")).isEqualTo("cid:photo1");
    assertThat(img.attr("alt")).isEqualTo("Boats in the harbour");
    assertThat(img.attr("width")).isEqualTo("640");
    assertThat(figure.select("figcaption").text())
        .isEqualTo("Boats in the harbour at dusk. Photo: Ana Lima");
    assertThat(doc.select("table th")).extracting(Element::text).containsExactly("Day", "Visitors");
    assertThat(doc.select("table td")).hasSize(4);
    assertThat(doc.select("ul li"))
        .extracting(Element::text)
        .containsExactly("Fireworks at 22:00", "Free ferries all day");
    assertThat(doc.select("blockquote").text()).isEqualTo("It was the best year yet.");
    assertThat(clean).doesNotContain("<title").doesNotContain("Harbour festival</title");
  }

  @Test
  void givesEmptyTextForNothing() {
    assertThat(sanitizer.sanitize(null)).isEmpty();
    assertThat(sanitizer.sanitize("  ")).isEmpty();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = HtmlSanitizerTest.class.getResourceAsStream("/mime/" + name)) {
      assertThat(in).as("test resource /mime/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
