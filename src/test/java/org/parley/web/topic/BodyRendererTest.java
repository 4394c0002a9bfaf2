package org.parley.web.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain-text bodies: which text keeps its columns in monospace, and which reads as prose. */
class BodyRendererTest {
  private final BodyRenderer renderer = new BodyRenderer();

  private static boolean aligned(String text) {
    return BodyRenderer.aligned(List.of(text.split("\n")));
  }

  @Test
  void columnsAlignedWithSpacesAreAligned() {
    assertThat(
            aligned("    tidal range   3.1 m\n    tank volume   40 m³\n    lamp          60 W LED"))
        .isTrue();
    assertThat(aligned("Name      Score\nAda       12\nGrace     15")).isTrue();
  }

  @Test
  void textTablesBoxDrawingAndAsciiArtAreAligned() {
    assertThat(aligned("+------+-----+\n| Day  | Max |\n+------+-----+")).isTrue();
    assertThat(aligned("| Day | Max |\n|-----|-----|\n| Mon | 3 |")).isTrue();
    assertThat(aligned("┌────┐\n│ ok │\n└────┘")).isTrue();
    assertThat(aligned("  /\\_/\\\n ( o.o )\n  ^ ^ ^ ^")).isTrue();
    assertThat(aligned("    int x = 1;\n    return x;")).isTrue();
  }

  @Test
  void proseIsNotAlignedEvenWithTwoSpacesAfterAFullStop() {
    assertThat(aligned("I agree.  We should go.\nThe boats leave at nine.  Bring a coat."))
        .isFalse();
    assertThat(aligned("Thanks Alan, that settles it.\nSee you on Thursday.")).isFalse();
    assertThat(aligned("---------- Forwarded message ---------\nFrom: The Courier")).isFalse();
    assertThat(aligned("one line   with   gaps")).as("one line has no columns").isFalse();
    assertThat(aligned("Title\n=====")).isFalse();
  }

  @Test
  void onlyTheAlignedParagraphOfAPostIsMonospace() {
    String html =
        renderer.text(
            "They do: the article says so.\nA quick estimate:\n\n"
                + "    tidal range   3.1 m\n    tank volume   40 m³\n\n"
                + "which works out, even in December.\n");
    assertThat(html)
        .startsWith("<div class=\"body text\">")
        .contains("<div class=\"plain\">They do: the article says so.\nA quick estimate:</div>")
        .contains(
            "<div class=\"plain mono\">    tidal range   3.1 m\n    tank volume   40 m³</div>")
        .contains("<div class=\"plain\">which works out, even in December.</div>");
  }

  @Test
  void proseStaysInOneBlockWithItsBlankLines() {
    assertThat(renderer.text("Hello.\n\nSecond paragraph.\n  indented"))
        .isEqualTo(
            "<div class=\"body text\"><div class=\"plain\">Hello.\n\nSecond paragraph.\n"
                + "  indented</div></div>");
  }

  @Test
  void aPatchMakesTheWholePostMonospace() {
    assertThat(renderer.text("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new"))
        .startsWith("<div class=\"body text mono\"><div class=\"plain\">diff --git");
  }

  @Test
  void anAlignedTableInQuotedTextIsMonospaceToo() {
    String html = renderer.text("Agreed.\n\nOn Sun, Ada wrote:\n> Day   Max\n> Mon   3\n> Tue   4");
    assertThat(html)
        .contains(
            "<details class=\"quoted\"><summary>show quoted text</summary>"
                + "<div class=\"plain mono\">On Sun, Ada wrote:");
  }

  @Test
  void aSignatureRightAfterTheQuoteIsFoldedWithIt() {
    String html =
        renderer.text("Agreed.\n\nOn Sun, Ada wrote:\n> Yes.\n\n-- \nAlan\nSent from my phone");
    assertThat(html)
        .isEqualTo(
            "<div class=\"body text\"><div class=\"plain\">Agreed.</div>"
                + "<details class=\"quoted\"><summary>show quoted text</summary><div class=\"plain\">"
                + "On Sun, Ada wrote:\n&gt; Yes.\n\n-- \nAlan\nSent from my phone</div></details></div>");
  }

  @Test
  void aSignatureAfterTextHasItsOwnFold() {
    String html = renderer.text("> Yes.\n\nAgreed.\n-- \nAlan");
    assertThat(html)
        .isEqualTo(
            "<div class=\"body text\"><details class=\"quoted\"><summary>show quoted text</summary>"
                + "<div class=\"plain\">&gt; Yes.</div></details><div class=\"plain\">\nAgreed.</div>"
                + "<details class=\"signature\"><summary>show quoted text</summary>"
                + "<div class=\"plain\">-- \nAlan</div></details></div>");
  }

  @Test
  void textIsEscapedAndLinked() {
    assertThat(renderer.text("<b>see https://example.org/a.</b>"))
        .contains(
            "&lt;b&gt;see <a href=\"https://example.org/a\" rel=\"nofollow noopener noreferrer\">"
                + "https://example.org/a</a>.&lt;/b&gt;");
  }

  @Test
  void aLinkEndsWhereAPersonSeesItEnd() {
    String a = "<a href=\"%s\" rel=\"nofollow noopener noreferrer\">%s</a>";
    // balanced parentheses belong to the link; the closing one of the prose does not
    assertThat(BodyRenderer.linked("see https://en.wikipedia.org/wiki/Foo_(bar) and more"))
        .contains(
            a.formatted(
                "https://en.wikipedia.org/wiki/Foo_(bar)",
                "https://en.wikipedia.org/wiki/Foo_(bar)"));
    assertThat(BodyRenderer.linked("(see https://example.org/a)."))
        .isEqualTo("(see " + a.formatted("https://example.org/a", "https://example.org/a") + ").");
    assertThat(BodyRenderer.linked("<https://example.org/x?a=1&b=2>"))
        .isEqualTo(
            "&lt;"
                + a.formatted(
                    "https://example.org/x?a=1&amp;b=2", "https://example.org/x?a=1&amp;b=2")
                + "&gt;");
    // another scheme is text, however it looks
    assertThat(BodyRenderer.linked("javascript://%0aalert(1) ftp://example.org/f"))
        .doesNotContain("<a ");
  }
}
