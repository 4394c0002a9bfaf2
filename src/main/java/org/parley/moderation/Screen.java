package org.parley.moderation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.parley.group.Group;
import org.parley.member.Bans;
import org.parley.moderation.rules.AdministriviaRule;
import org.parley.moderation.rules.AllowedSenderRule;
import org.parley.moderation.rules.AutoReplyRule;
import org.parley.moderation.rules.AutoSubmittedRule;
import org.parley.moderation.rules.BannedRule;
import org.parley.moderation.rules.DmarcModerationRule;
import org.parley.moderation.rules.DmarcTempErrorRule;
import org.parley.moderation.rules.LoopRule;
import org.parley.moderation.rules.MaxSizeRule;
import org.parley.moderation.rules.MemberModerationRule;
import org.parley.moderation.rules.ModerateAllRule;
import org.parley.moderation.rules.NonmemberPostRule;
import org.parley.moderation.rules.SenderRateRule;
import org.parley.moderation.rules.SpamRefuseRule;
import org.parley.moderation.rules.SpamScoreRule;
import org.parley.spam.SpamPolicy;

/**
 * The ordered list of rules every submission passes (step 2 of the spine), and the chain each group
 * turns their hits into one {@link Verdict} with (see {@link Chain} for how). A new rule is one
 * class and one line in {@link #standard}; what its hit does is one line in {@link Chain#DEFAULT}.
 */
public final class Screen {
  private final List<Rule> rules;
  private final Function<Group, Chain> chains;

  /** A screen of {@code rules} whose groups each have the chain their settings make. */
  public Screen(List<Rule> rules) {
    this(rules, Chain::of);
  }

  /**
   * A screen of {@code rules} whose groups' chains come from {@code chains} (a site that holds what
   * others refuse, and tests).
   */
  public Screen(List<Rule> rules, Function<Group, Chain> chains) {
    this.rules = List.copyOf(rules);
    this.chains = chains;
  }

  /**
   * The site's rules, in the order they run.
   *
   * @param history the group's posts, which the storm brakes ({@code auto-reply}, {@code
   *     sender-rate}) and {@code member-moderation} read
   * @param clock the site's clock, for "recent"
   * @param rate how many posts one sender may make to one group ({@code sender-rate})
   * @param bans the addresses and domains each group banned ({@code banned})
   * @param allowed the addresses each group's moderators always allow ({@code allowed-sender})
   * @param trustSpamHeaders whether spam filters' fields are read ({@code spam-score}; the site
   *     setting {@code trust_spam_headers})
   * @param spam the site's spam filter settings: the score that refuses ({@code spam-refuse})
   */
  public static Screen standard(
      PostHistory history,
      Clock clock,
      PostingRate rate,
      Bans bans,
      AllowedSenders allowed,
      boolean trustSpamHeaders,
      SpamPolicy spam) {
    return new Screen(
        List.of(
            new LoopRule(),
            new BannedRule(bans),
            new AllowedSenderRule(allowed),
            new AutoSubmittedRule(),
            new AutoReplyRule(history, clock),
            new AdministriviaRule(),
            new MaxSizeRule(),
            new SpamRefuseRule(spam),
            new SpamScoreRule(trustSpamHeaders),
            new DmarcTempErrorRule(),
            new DmarcModerationRule(),
            new NonmemberPostRule(),
            new MemberModerationRule(history),
            new ModerateAllRule(),
            new SenderRateRule(history, clock, rate)));
  }

  /**
   * The site's rules that read nothing but the submission, without those that read the archive (the
   * storm brakes, {@code member-moderation}), for a screen with no store: tools, and tests of the
   * other rules.
   */
  public static Screen standard() {
    return new Screen(
        List.of(
            new LoopRule(),
            new AutoSubmittedRule(),
            new AdministriviaRule(),
            new MaxSizeRule(),
            new SpamRefuseRule(SpamPolicy.NONE),
            new SpamScoreRule(true),
            new DmarcTempErrorRule(),
            new DmarcModerationRule(),
            new NonmemberPostRule(),
            new ModerateAllRule()));
  }

  /** This screen's rules, with each group's chain from {@code chains}. */
  public Screen withChains(Function<Group, Chain> chains) {
    return new Screen(rules, chains);
  }

  /** The chain {@code group} screens with. */
  public Chain chainFor(Group group) {
    return chains.apply(group);
  }

  /** Screens {@code s} with its group's chain. */
  public Verdict screen(Screening s) {
    return screen(s, chainFor(s.group()));
  }

  /**
   * Runs the rules over {@code s} in order and turns their hits into one verdict by {@code chain}.
   */
  public Verdict screen(Screening s, Chain given) {
    Chain chain = given;
    List<Check.Hit> hits = new ArrayList<>(0);
    boolean hold = false;
    for (Rule rule : rules) {
      if (!(rule.check(s) instanceof Check.Hit hit)) {
        continue;
      }
      if (!hit.rule().equals(rule.id())) {
        throw new IllegalStateException("rule " + rule.id() + " reported a hit as " + hit.rule());
      }
      switch (chain.actionFor(rule.id()).orElse(Chain.Action.RECORD)) {
        case REFUSE -> {
          if (hit.refusal().isPresent()) {
            Check.Refusal r = hit.refusal().get();
            return new Verdict.Reject(hit.rule(), r.code(), r.status(), hit.reason());
          }
          return new Verdict.Discard(hit.rule(), hit.reason());
        }
        case DISCARD -> {
          return new Verdict.Discard(hit.rule(), hit.reason());
        }
        case ACCEPT -> {
          hits.add(hit);
          return hold ? new Verdict.Hold(hits) : new Verdict.Accept(hits);
        }
        case HOLD -> {
          hits.add(hit);
          hold = true;
        }
        case RECORD -> hits.add(hit);
        case RELEASE -> {
          hits.add(hit);
          chain = chain.released();
        }
      }
    }
    return hold ? new Verdict.Hold(hits) : new Verdict.Accept(hits);
  }

  /** The rules, in the order they run. */
  public List<Rule> rules() {
    return rules;
  }

  public List<String> ruleIds() {
    return rules.stream().map(Rule::id).toList();
  }
}
