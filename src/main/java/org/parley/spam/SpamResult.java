package org.parley.spam;

import java.util.List;
import java.util.Locale;

/**
 * What a spam filter said of one message.
 *
 * @param score its score: higher is more likely spam
 * @param required the score at which the filter itself calls a message spam (rspamd's {@code
 *     required_score}, the score of its {@code reject} action; SpamAssassin's {@code
 *     required_score})
 * @param action what the filter would have its MTA do: rspamd's action ({@code no action}, {@code
 *     greylist}, {@code add header}, {@code rewrite subject}, {@code soft reject}, {@code reject});
 *     for spamd {@code spam} or {@code no action}, by its verdict
 * @param symbols the names of the filter's rules that matched (rspamd's symbols, SpamAssassin's
 *     tests), in the order it gave them
 * @param by which filter said it ({@code rspamd}, {@code spamd})
 */
public record SpamResult(
    double score, double required, String action, List<String> symbols, String by) {
  /** rspamd's action for mail it would refuse at the door (GTUBE's, among others). */
  public static final String REJECT = "reject";

  public SpamResult {
    action = action == null ? "" : action.toLowerCase(Locale.ROOT);
    symbols = List.copyOf(symbols);
  }

  /** Whether the filter itself would have its MTA refuse the message. */
  public boolean rejects() {
    return action.equals(REJECT);
  }

  /**
   * One line for a moderator and for the store: the filter, its score of its own threshold, its
   * action and the first of its symbols, such as {@code rspamd 15 / 15, reject: GTUBE}.
   */
  public String summary() {
    StringBuilder s =
        new StringBuilder(by)
            .append(' ')
            .append(format(score))
            .append(" / ")
            .append(format(required))
            .append(", ")
            .append(action.isEmpty() ? "no action" : action);
    if (!symbols.isEmpty()) {
      s.append(": ").append(String.join(", ", symbols.subList(0, Math.min(symbols.size(), 12))));
      if (symbols.size() > 12) {
        s.append(", … (").append(symbols.size()).append(" in all)");
      }
    }
    return s.toString();
  }

  /** What is kept of this result with a post or a held message. */
  public SpamScore recorded() {
    return new SpamScore(score, summary());
  }

  /** A score as a person writes it: {@code 15}, {@code 7.3}, {@code -0.1}. */
  public static String format(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return String.valueOf((long) d);
    }
    return String.format(Locale.ROOT, "%.2f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
