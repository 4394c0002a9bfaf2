package org.parley.search;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;
import org.parley.search.SearchIndex.Segment;

/**
 * Marks the words a query found in a found post's subject and body, with Lucene's {@link
 * UnifiedHighlighter} run on the text the archive holds (the index stores no bodies): phrases are
 * marked only where the whole phrase stands, wildcards and fuzzy words by what they stand for, and
 * excluded words never.
 *
 * <p>A subject comes back whole. A body comes back as its best passage of about {@value
 * #SNIPPET_CHARS} characters at word boundaries, with the first match a quarter of the way in, runs
 * of white space made one space, and "… " or " …" where text was left out; a body nothing matched
 * in gives its beginning. Only the first {@value #SCAN_CHARS} characters of a body are read.
 */
final class Snippets {
  static final int SNIPPET_CHARS = 240;
  static final int SCAN_CHARS = 50_000;

  private final UnifiedHighlighter whole;
  private final UnifiedHighlighter passages;

  Snippets(Analyzer analyzer) {
    this.whole =
        UnifiedHighlighter.builderWithoutSearcher(analyzer)
            .withMaxLength(SCAN_CHARS)
            .withBreakIterator(WholeBreakIterator::new)
            .withFormatter(new Segments(false))
            .build();
    this.passages =
        UnifiedHighlighter.builderWithoutSearcher(analyzer)
            .withMaxLength(SCAN_CHARS)
            .withBreakIterator(
                () ->
                    LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getWordInstance(Locale.ROOT), SNIPPET_CHARS, 0.25f))
            .withFormatter(new Segments(true))
            .build();
  }

  /** The whole of {@code text}, the words {@code query} found in {@code field} marked. */
  List<Segment> whole(String field, Query query, String text) {
    return mark(whole, field, query, text);
  }

  /** About {@value #SNIPPET_CHARS} characters of {@code text} where {@code query} found most. */
  List<Segment> passage(String field, Query query, String text) {
    return mark(passages, field, query, text);
  }

  @SuppressWarnings("unchecked")
  private static List<Segment> mark(
      UnifiedHighlighter highlighter, String field, Query query, String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    try {
      Object marked = highlighter.highlightWithoutSearcher(field, query, text, 1);
      return marked == null ? List.of(new Segment(text, false)) : (List<Segment>) marked;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot analyse text held in memory", e);
    }
  }

  /** Turns the highlighter's passage into our pieces of text. */
  private static final class Segments extends PassageFormatter {
    private final boolean squeeze;

    Segments(boolean squeeze) {
      this.squeeze = squeeze;
    }

    @Override
    public Object format(Passage[] found, String content) {
      List<Segment> out = new ArrayList<>();
      if (found.length == 0) {
        return null;
      }
      Passage p = found[0];
      int start = p.getStartOffset();
      int end = p.getEndOffset();
      if (start > 0) {
        out.add(new Segment("… ", false));
      }
      int at = start;
      for (int i = 0; i < p.getNumMatches(); i++) {
        int from = Math.max(p.getMatchStarts()[i], at);
        int to = p.getMatchEnds()[i];
        if (to <= from) {
          continue;
        }
        if (from > at) {
          out.add(new Segment(plain(content.substring(at, from), at == start), false));
        }
        out.add(new Segment(content.substring(from, to), true));
        at = to;
      }
      if (at < end) {
        out.add(new Segment(plain(content.substring(at, end), at == start), false));
      }
      if (end < content.length()) {
        out.add(new Segment(" …", false));
      }
      out.removeIf(s -> s.text().isEmpty());
      return out;
    }

    private String plain(String text, boolean first) {
      if (!squeeze) {
        return text;
      }
      String s = text.replaceAll("\\s+", " ");
      return first ? s.stripLeading() : s;
    }
  }
}
