package org.parley.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetsTest {
  @Test
  void quotedLinesAttributionsAndSignaturesAreLeftOut() {
    String text =
        "On Tue, 25 Nov 2025, Ada wrote:\r\n"
            + "> the quoted question\r\n"
            + ">> and older\r\n"
            + "Here is   my\tanswer.\r\n"
            + "\r\n"
            + "  Second paragraph.  \r\n"
            + "-- \r\n"
            + "Grace, signing off\r\n";
    assertThat(Snippets.of(text)).isEqualTo("Here is my answer. Second paragraph.");
  }

  @Test
  void longTextIsCutAtTwoHundredCharactersWithAnEllipsis() {
    String snippet = Snippets.of("word ".repeat(500));
    assertThat(snippet).hasSize(200).endsWith("…").doesNotContain("  ");
    assertThat(Snippets.of("short\nlines")).isEqualTo("short lines");
  }

  @Test
  void emptyOrMissingTextHasAnEmptySnippet() {
    assertThat(Snippets.of(null)).isEmpty();
    assertThat(Snippets.of("")).isEmpty();
    assertThat(Snippets.of("> only a quote\n")).isEmpty();
  }

  @Test
  void gmailsForwardedMessageHeaderIsLeftOutAndTheForwardedTextKept() {
    String text =
        "Thought you would all enjoy this one.\n"
            + "\n"
            + "---------- Forwarded message ---------\n"
            + "From: The Eastmere Courier <newsletter@courier.example>\n"
            + "Date: Mon, 24 Nov 2025 at 09:12\n"
            + "Subject: Eastmere's old lighthouse shines again\n"
            + "To: <ada@example.com>\n"
            + "\n"
            + "After thirty-eight dark years, the lighthouse is lit.\n";
    assertThat(Snippets.of(text))
        .isEqualTo(
            "Thought you would all enjoy this one. After thirty-eight dark years, the lighthouse"
                + " is lit.");
  }

  @Test
  void otherMailersForwardAndOriginalMessageHeadersAreLeftOut() {
    // Apple Mail: a blank line after the marker, then the fields
    assertThat(
            Snippets.of(
                "FYI\n\nBegin forwarded message:\n\nFrom: Bo <bo@example.com>\nSubject: Hi\n"
                    + "Date: 24 November 2025 at 09:12:00 GMT\nTo: Ada <ada@example.com>\n\n"
                    + "The text."))
        .isEqualTo("FYI The text.");
    // Thunderbird
    assertThat(
            Snippets.of(
                "See below.\n-------- Forwarded Message --------\nSubject: Hi\nDate: Mon, 24"
                    + " Nov 2025\nFrom: Bo <bo@example.com>\nTo: ada@example.com\n\nThe text."))
        .isEqualTo("See below. The text.");
    // Outlook: a rule of underscores, then From/Sent/To/Subject
    assertThat(
            Snippets.of(
                "Answer first.\n________________________________\nFrom: Bo <bo@example.com>\n"
                    + "Sent: Monday, November 24, 2025 9:12 AM\nTo: Ada\nSubject: Hi\n\n"
                    + "Old text."))
        .isEqualTo("Answer first. Old text.");
    assertThat(Snippets.of("Mine.\n-----Original Message-----\nFrom: Bo\nSent: today\n\nHis."))
        .isEqualTo("Mine. His.");
  }

  @Test
  void linesThatOnlyLookLikeAForwardStay() {
    // a rule not followed by From:, a "From:" line outside any forward header, and the words
    // without their rule
    assertThat(Snippets.of("Results\n----------\nAll passed.\nFrom: the committee, thanks."))
        .isEqualTo("Results ---------- All passed. From: the committee, thanks.");
    assertThat(Snippets.of("Forwarded message\nFrom: me")).isEqualTo("Forwarded message From: me");
  }

  @Test
  void aPostWithHtmlIsSnippedFromItsRenderedTextWithoutMarkdownOrQuotes() {
    // a web post: the plain part is the Markdown typed, the HTML what it renders to
    String markdown =
        "# Tide\n\nThe lamp *stores* power:\n\n- charge on the flood\n- shine on the ebb";
    String html =
        "<h1>Tide</h1>\n<p>The lamp <em>stores</em> power:</p>\n<ul>\n<li>charge on the"
            + " flood</li>\n<li>shine on the ebb</li>\n</ul>\n<blockquote><p>a quoted"
            + " line</p></blockquote><p>Last &amp; least.</p>";
    assertThat(Snippets.listing(markdown, html))
        .isEqualTo(
            "Tide The lamp stores power: charge on the flood shine on the ebb Last & least.");
    // without HTML the plain text is what the page shows
    assertThat(Snippets.listing("The lamp *stores* power.\n> quoted", null))
        .isEqualTo("The lamp *stores* power.");
    assertThat(Snippets.listing("Plain.", " ")).isEqualTo("Plain.");
  }

  @Test
  void anHtmlForwardLosesItsHeaderAndSignature() {
    String html =
        "<p>Thought you would enjoy this.</p><p>---------- Forwarded message ---------<br>"
            + "From: The Courier &lt;news@courier.example&gt;<br>Date: Mon, 24 Nov 2025<br>"
            + "Subject: Lighthouse<br>To: &lt;ada@example.com&gt;</p>"
            + "<p>After thirty-eight dark years.</p><p>-- <br>Ada</p>";
    assertThat(Snippets.listing("ignored", html))
        .isEqualTo("Thought you would enjoy this. After thirty-eight dark years.");
  }
}
