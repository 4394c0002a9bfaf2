package org.parley.testkit;

import java.util.ArrayList;
import java.util.List;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screen;
import org.parley.moderation.Screening;

/**
 * A screening rule that throws on a message whose subject holds a word, as a bug would on some
 * input nobody foresaw: the fault injected to see what becomes of a message nobody can process.
 */
public final class FailingRule implements Rule {
  private final String word;

  public FailingRule(String word) {
    this.word = word;
  }

  /** The site's own screen with this rule first. */
  public static Screen before(Screen screen, String word) {
    List<Rule> rules = new ArrayList<>();
    rules.add(new FailingRule(word));
    rules.addAll(screen.rules());
    return new Screen(rules);
  }

  @Override
  public String id() {
    return "fails-on-" + word;
  }

  @Override
  public Check check(Screening s) {
    if (String.valueOf(s.message().subject()).contains(word)) {
      throw new IllegalStateException("this rule cannot handle a " + word);
    }
    return new Check.Pass();
  }
}
