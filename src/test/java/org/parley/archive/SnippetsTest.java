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
}
