package org.parley.spam;

/**
 * A spam filter's finding as it is stored with a post or a held message, and shown to moderators.
 *
 * @param score the filter's score
 * @param summary one line: the filter, its score of its threshold, its action and its symbols
 *     ({@link SpamResult#summary})
 */
public record SpamScore(double score, String summary) {
  public SpamScore {
    summary = summary == null ? "" : summary;
  }
}
