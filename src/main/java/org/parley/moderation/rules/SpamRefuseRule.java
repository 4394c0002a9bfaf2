package org.parley.moderation.rules;

import java.util.List;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;
import org.parley.spam.SpamPolicy;
import org.parley.spam.SpamResult;

/**
 * {@code spam-refuse}: the site's spam filter in front ({@code spam_filter}) scored the message at
 * or above the site's {@code spam_refuse_score}, or rspamd's own action for it is {@code reject}
 * (as for GTUBE, the standard test message). The chain refuses such a message at the door, 550
 * 5.7.1 with the score; one scored lower but at or above the group's spam threshold is held by
 * {@link SpamScoreRule} instead. Only the filter's own finding is read, never fields in the
 * message, and only for live mail: an import and an approval were not handed to the filter.
 */
public final class SpamRefuseRule implements Rule {
  private final SpamPolicy policy;

  /**
   * @param policy the site's settings for its filter: the score that refuses
   */
  public SpamRefuseRule(SpamPolicy policy) {
    this.policy = policy;
  }

  @Override
  public String id() {
    return "spam-refuse";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported() || s.filtered().isEmpty() || !policy.refuses(s.filtered().get())) {
      return Check.PASS;
    }
    SpamResult r = s.filtered().get();
    String why =
        r.rejects() && r.score() < policy.refuseScore()
            ? "this site's spam filter ("
                + r.by()
                + ") would refuse it, with a score of "
                + SpamResult.format(r.score())
            : "this site's spam filter ("
                + r.by()
                + ") scored it "
                + SpamResult.format(r.score())
                + ", at or above the site's limit of "
                + SpamResult.format(policy.refuseScore());
    List<String> symbols = r.symbols().subList(0, Math.min(3, r.symbols().size()));
    return Check.refuse(
        id(),
        550,
        "5.7.1",
        "The message looks like spam: "
            + why
            + (symbols.isEmpty() ? "" : " (" + String.join(", ", symbols) + ")")
            + ".");
  }
}
