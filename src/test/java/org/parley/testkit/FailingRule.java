package org.parley.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screen;
import org.parley.moderation.Screening;

/**
 * A screening rule that throws on some messages, as a bug would on input nobody foresaw: the fault
 * injected to see what becomes of a message nobody can process.
 */
public final class FailingRule implements Rule {
  private final Predicate<Screening> fails;
  private final String what;

  private FailingRule(Predicate<Screening> fails, String what) {
    this.fails = fails;
    this.what = what;
  }

  /** The site's own screen, with a rule first that throws on a subject holding {@code word}. */
  public static Screen before(Screen screen, String word) {
    return first(
        new FailingRule(s -> String.valueOf(s.message().subject()).contains(word), "a " + word),
        screen);
  }

  /** The site's own screen, with a rule first that throws on any message to {@code group}. */
  public static Screen forGroup(Screen screen, String group) {
    return first(
        new FailingRule(s -> s.group().name().value().equals(group), "mail to " + group), screen);
  }

  private static Screen first(Rule rule, Screen screen) {
    List<Rule> rules = new ArrayList<>();
    rules.add(rule);
    rules.addAll(screen.rules());
    return new Screen(rules);
  }

  @Override
  public String id() {
    return "fails";
  }

  @Override
  public Check check(Screening s) {
    if (fails.test(s)) {
      throw new IllegalStateException("this rule cannot handle " + what);
    }
    return new Check.Pass();
  }
}
