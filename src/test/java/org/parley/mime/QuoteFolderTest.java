package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuoteFolderTest {
  final QuoteFolder folder = new QuoteFolder();

  @Test
  void aGmailQuoteAndItsAttributionAreFoldedAndTheReplyStaysVisible() {
    String html =
        "<div dir=\"ltr\">Sounds good to me.</div><br><div><div dir=\"ltr\">On Tue, Nov 25, 2025"
            + " Ada wrote:<br></div><blockquote>The lighthouse is lit again.<blockquote>older"
            + "</blockquote></blockquote></div>";

    String folded = folder.fold(html);

    assertThat(folded).startsWith("<div dir=\"ltr\">Sounds good to me.</div>");
    assertThat(folded).contains("<details class=\"quoted\"><summary>show quoted text</summary>");
    assertThat(folded.indexOf("<details")).isLessThan(folded.indexOf("Ada wrote:"));
    assertThat(folded.indexOf("Ada wrote:")).isLessThan(folded.indexOf("The lighthouse"));
    assertThat(folded).containsOnlyOnce("<details"); // the nested quote folds with its parent
  }

  @Test
  void anAppleMailQuoteWithATextAttributionIsFolded() {
    String folded =
        folder.fold("Yes.<br><br>On 25 Nov 2025, Ada wrote:<br><blockquote>Lunch?</blockquote>");

    assertThat(folded).startsWith("Yes.");
    assertThat(folded)
        .contains(
            "<details class=\"quoted\"><summary>show quoted text</summary>On 25 Nov 2025, Ada wrote:");
  }

  @Test
  void htmlWithoutQuotesIsLeftAsItWas() {
    String html = "<p>Plain <b>reply</b> with <a href=\"https://example.org/\">a link</a>.</p>";
    assertThat(folder.fold(html)).isEqualTo(html);
  }
}
