package org.parley.moderation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.parley.moderation.rules.AdministriviaRule;
import org.parley.moderation.rules.AutoReplyRule;
import org.parley.moderation.rules.AutoSubmittedRule;
import org.parley.moderation.rules.LoopRule;
import org.parley.moderation.rules.MaxSizeRule;
import org.parley.moderation.rules.NonmemberPostRule;
import org.parley.moderation.rules.SenderRateRule;

/**
 * The ordered list of rules every submission passes (step 2 of the spine). The first rule that
 * decides wins; if none decides, any flag holds the post; otherwise it is accepted.
 */
public final class Screen {
  private final List<Rule> rules;

  public Screen(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * The site's rules, in the order they run.
   *
   * @param history the group's recent posts, which the storm brakes ({@code auto-reply}, {@code
   *     sender-rate}) read
   * @param clock the site's clock, for "recent"
   * @param rate how many posts one sender may make to one group ({@code sender-rate})
   */
  public static Screen standard(PostHistory history, Clock clock, PostingRate rate) {
    return new Screen(
        List.of(
            new LoopRule(),
            new AutoSubmittedRule(),
            new AutoReplyRule(history, clock),
            new AdministriviaRule(),
            new MaxSizeRule(),
            new NonmemberPostRule(),
            new SenderRateRule(history, clock, rate)));
  }

  /**
   * The site's rules that read nothing but the submission, without the storm brakes that read the
   * archive (for a screen with no store: tools, and tests of the other rules).
   */
  public static Screen standard() {
    return new Screen(
        List.of(
            new LoopRule(),
            new AutoSubmittedRule(),
            new AdministriviaRule(),
            new MaxSizeRule(),
            new NonmemberPostRule()));
  }

  public Verdict screen(Screening s) {
    List<String> flags = new ArrayList<>();
    String firstFlagRule = null;
    for (Rule rule : rules) {
      Check c = rule.check(s);
      switch (c) {
        case Check.Decide d -> {
          return d.verdict();
        }
        case Check.Flag f -> {
          flags.add(f.reason());
          if (firstFlagRule == null) {
            firstFlagRule = rule.id();
          }
        }
        case Check.Pass p -> {}
      }
    }
    if (!flags.isEmpty()) {
      return new Verdict.Hold(firstFlagRule, String.join("; ", flags));
    }
    return new Verdict.Accept();
  }

  /** The rules, in the order they run. */
  public List<Rule> rules() {
    return rules;
  }

  public List<String> ruleIds() {
    return rules.stream().map(Rule::id).toList();
  }
}
