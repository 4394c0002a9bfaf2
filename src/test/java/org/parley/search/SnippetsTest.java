package org.parley.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.junit.jupiter.api.Test;
import org.parley.search.SearchIndex.Segment;

/** How a found post's subject and body show the words that were searched for. */
class SnippetsTest {
  private final Snippets snippets = new Snippets(new StandardAnalyzer());

  private static String marked(List<Segment> segments) {
    StringBuilder sb = new StringBuilder();
    segments.forEach(s -> sb.append(s.match() ? "[" + s.text() + "]" : s.text()));
    return sb.toString();
  }

  @Test
  void aSubjectComesBackWholeWithEveryMatchMarked() {
    var q = new TermQuery(new Term("subject", "tide"));
    assertThat(marked(snippets.whole("subject", q, "Tide tables: the tide at noon")))
        .isEqualTo("[Tide] tables: the [tide] at noon");
  }

  @Test
  void aPhraseIsMarkedOnlyWhereTheWholePhraseStands() {
    var q = new PhraseQuery("body", "high", "tide");
    assertThat(marked(snippets.passage("body", q, "High water, and a tide; then high tide again.")))
        .isEqualTo("High water, and a tide; then [high tide] again.");
  }

  @Test
  void excludedWordsAreNeverMarkedAndWildcardsMarkWhatTheyStandFor() {
    var q =
        new BooleanQuery.Builder()
            .add(new WildcardQuery(new Term("body", "engin*")), BooleanClause.Occur.MUST)
            .add(new TermQuery(new Term("body", "steam")), BooleanClause.Occur.MUST_NOT)
            .build();
    assertThat(marked(snippets.passage("body", q, "The engineer built a steam engine.")))
        .isEqualTo("The [engineer] built a steam [engine].");
  }

  @Test
  void aLongBodyGivesAboutTwoHundredFortyCharactersAroundTheMatchWithSpacesSqueezed() {
    String body = "word ".repeat(300) + "needle\n\n   " + "more ".repeat(300);
    var q = new TermQuery(new Term("body", "needle"));
    List<Segment> s = snippets.passage("body", q, body);
    String text = marked(s);
    assertThat(text).startsWith("… ").endsWith(" …").contains("[needle] more");
    assertThat(text).doesNotContain("  ").doesNotContain("\n");
    assertThat(text.length()).isBetween(180, 300);
  }

  @Test
  void aBodyNothingMatchedInGivesItsBeginningAndNoBodyGivesNothing() {
    var q = new TermQuery(new Term("body", "absent"));
    String text = marked(snippets.passage("body", q, "Low tide at six. " + "More. ".repeat(100)));
    assertThat(text).startsWith("Low tide at six.").doesNotContain("[");
    assertThat(snippets.passage("body", q, null)).isEmpty();
  }
}
