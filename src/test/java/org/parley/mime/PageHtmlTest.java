package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class PageHtmlTest {
  private final PageHtml page = new PageHtml();
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  private PageHtml.Result ready(String mail, boolean showRemote) {
    return page.of(
        sanitizer.sanitize(mail),
        cid ->
            cid.equals("photo@x")
                ? Optional.of(new PageHtml.InlinePart("/g/news/p/7/a/0/photo.jpg", "photo.jpg"))
                : Optional.empty(),
        showRemote);
  }

  @Test
  void aMailsHeadingsAreStyledButAreNotHeadingsOfThePage() {
    Document doc =
        Jsoup.parseBodyFragment(
            ready("<h1>Big <em>news</em></h1><h2>Part</h2><h6>small</h6><p>text</p>", false)
                .html());
    assertThat(doc.select("h1, h2, h3, h4, h5, h6")).isEmpty();
    assertThat(doc.select("div.mail-h1").html()).isEqualTo("Big <em>news</em>");
    assertThat(doc.select("div.mail-h2").text()).isEqualTo("Part");
    assertThat(doc.select("div.mail-h6").text()).isEqualTo("small");
  }

  @Test
  void aBlockedRemoteImageIsAPlaceholderWithItsAltTextAndNoSource() {
    PageHtml.Result r =
        ready(
            "<p><img src=\"https://example.org/chart.png\" alt=\"Tide chart\" width=\"320\">"
                + "<img src=\"https://example.org/x/logo.gif\"></p>",
            false);
    Document doc = Jsoup.parseBodyFragment(r.html());
    assertThat(r.remoteImages()).isTrue();
    assertThat(doc.select("img")).isEmpty();
    assertThat(doc.select("span.image-placeholder"))
        .extracting(Element::text)
        .containsExactly("Tide chart", "image");
    assertThat(doc.select("span.image-placeholder").first().attr("data-remote-src"))
        .isEqualTo("https://example.org/chart.png");
    assertThat(r.html()).doesNotContain(" src=");
  }

  @Test
  void remoteImagesShownWhenAskedGetAnAltFromTheirFileName() {
    PageHtml.Result r =
        ready(
            "<img src=\"https://example.org/x/tide%20chart.png?v=2\">"
                + "<img src=\"http://plain.example.org/a.png\" alt=\"not over https\">",
            true);
    Document doc = Jsoup.parseBodyFragment(r.html());
    Element shown = doc.selectFirst("img");
    assertThat(shown.attr("src")).isEqualTo("https://example.org/x/tide%20chart.png?v=2");
    assertThat(shown.attr("alt")).isEqualTo("tide chart.png");
    // G2: the sender's server learns nothing of the page that loads it
    assertThat(shown.attr("referrerpolicy")).isEqualTo("no-referrer");
    assertThat(doc.select("span.image-placeholder").text()).isEqualTo("not over https");
  }

  @Test
  void aCidImagePointsToItsPartIsNamedAndIsCountedAsShown() {
    PageHtml.Result r =
        ready(
            "<img src=\"cid:photo@x\"><img src=\"cid:photo%40x\" alt=\"again\">"
                + "<img src=\"cid:missing@x\" alt=\"lost\">",
            false);
    Document doc = Jsoup.parseBodyFragment(r.html());
    assertThat(doc.select("img")).hasSize(2);
    assertThat(doc.select("img").get(0).attr("src")).isEqualTo("/g/news/p/7/a/0/photo.jpg");
    assertThat(doc.select("img").get(0).attr("alt")).isEqualTo("photo.jpg");
    assertThat(doc.select("img").get(1).attr("alt")).isEqualTo("again");
    assertThat(doc.select("span.image-placeholder").text()).isEqualTo("lost");
    assertThat(r.inlinedContentIds()).containsExactly("photo@x");
    assertThat(r.remoteImages()).isFalse();
  }

  @Test
  void aBodyStoredUnderOlderRulesIsSanitisedAgain() {
    String stored = "<p onclick=\"x()\" style=\"color:red\">hi</p><script>alert(1)</script>";
    String html = page.of(stored);
    assertThat(html).isEqualTo("<p>hi</p>");
  }

  @Test
  void classNamesNeverComeFromTheMessage() {
    String html = page.of("<div class=\"mail-h1 notice\">fake</div><span class=\"skip\">x</span>");
    assertThat(html).doesNotContain("class=");
  }
}
