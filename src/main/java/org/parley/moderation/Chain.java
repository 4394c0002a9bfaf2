package org.parley.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.parley.group.Group;
import org.parley.group.Moderation;

/**
 * What a group does with each rule's hit: an ordered list of links "rule id → action", as GNU
 * Mailman's chains turn its rules' hits into one outcome. Rules only detect; the chain decides. The
 * {@link Screen} runs its rules in order and, at each hit, takes the action of the link that names
 * the rule:
 *
 * <ul>
 *   <li>{@link Action#REFUSE} and {@link Action#DISCARD} end the screening at once, so the rules
 *       after them (some read the archive) are not run;
 *   <li>{@link Action#HOLD} keeps the message for a moderator, once the remaining rules have run: a
 *       later refusal or discard still wins, for what would be refused is refused at the door, not
 *       held and then refused;
 *   <li>{@link Action#ACCEPT} ends the screening and posts the message, unless an earlier link held
 *       it;
 *   <li>{@link Action#RECORD} records the hit and goes on;
 *   <li>{@link Action#RELEASE} records the hit and, for the rest of the screening, turns the holds
 *       of the group's moderation rules ({@link #MODERATION}) into records: the sender is one the
 *       group's moderators always allow.
 * </ul>
 *
 * A rule no link names is recorded. Whatever is not refused or discarded keeps its hits, stored
 * with the post or the held message.
 *
 * @param links at most one per rule id
 */
public record Chain(List<Link> links) {
  /** What a hit of a rule does to the message. */
  public enum Action {
    /** Post it without running the rules after this one. */
    ACCEPT,
    /** Keep it for a moderator ({@link HeldMessages}). */
    HOLD,
    /**
     * Refuse it at the door with the hit's answer; a hit that carries none (see {@link
     * Check.Hit#refusal}) is discarded instead.
     */
    REFUSE,
    /** Drop it; the sender is told it was taken. */
    DISCARD,
    /** Record the hit and go on. */
    RECORD,
    /**
     * Record the hit, and let the links after it that hold for a {@linkplain #MODERATION moderation
     * rule} only record: the sender is always allowed ({@code allowed-sender}). Refusals, discards
     * and other holds (a spam score) still apply.
     */
    RELEASE
  }

  /**
   * The rules that hold a post for who sent it, as the group's moderation setting asks: what a
   * moderator's "always allow this sender" lets through ({@link Action#RELEASE}).
   */
  public static final Set<String> MODERATION =
      Set.of("nonmember-post", "member-moderation", "moderate-all");

  /** One link: a hit of {@code rule} leads to {@code action}. */
  public record Link(String rule, Action action) {}

  /**
   * The site's chain, which a group that moderates nothing has: each rule's hit refuses the message
   * with the rule's sentence, except a copy of our own coming back, which {@code loop} reports
   * without an answer and so is dropped, and the hits of {@code member-moderation} and {@code
   * moderate-all}, which are held (those rules hit only in a group whose moderation setting asks
   * for them), and of {@code spam-score}, also held (it hits only in a group with a spam
   * threshold). {@code spam-refuse} (the site's spam filter scored the message at or above the
   * site's refuse score) refuses it. Mail from a member's address that its domain does not vouch
   * for ({@code dmarc-moderation}) is held, and such mail whose domain could not be checked for now
   * ({@code dmarc-temperror}) is refused for now (451), so that it comes again. A sender the group
   * always allows ({@code allowed-sender}, which runs before the moderation rules) releases the
   * holds of the moderation rules, not the DMARC hold: a forger would be allowed with the address.
   */
  public static final Chain DEFAULT =
      new Chain(
          List.of(
              new Link("loop", Action.REFUSE),
              new Link("banned", Action.REFUSE),
              new Link("allowed-sender", Action.RELEASE),
              new Link("auto-submitted", Action.REFUSE),
              new Link("auto-reply", Action.REFUSE),
              new Link("administrivia", Action.REFUSE),
              new Link("max-size", Action.REFUSE),
              new Link("spam-refuse", Action.REFUSE),
              new Link("spam-score", Action.HOLD),
              new Link("dmarc-temperror", Action.REFUSE),
              new Link("dmarc-moderation", Action.HOLD),
              new Link("nonmember-post", Action.REFUSE),
              new Link("member-moderation", Action.HOLD),
              new Link("moderate-all", Action.HOLD),
              new Link("sender-rate", Action.REFUSE)));

  public Chain {
    links = List.copyOf(links);
    if (links.stream().map(Link::rule).distinct().count() != links.size()) {
      throw new IllegalArgumentException("a chain names each rule once: " + links);
    }
  }

  /**
   * The chain built from a group's settings: the {@link #DEFAULT}, but a group that moderates
   * non-members ({@link Moderation#NON_MEMBERS}) holds their posts where the default refuses them,
   * and a group that holds doubtful posts ({@link Group#holdDoubtful}) holds a post over its size
   * limit, or one that looks like a command for the list server, where the default refuses it; a
   * group's {@link Group#dmarcFailure} refuses or accepts what the default holds for DMARC. The
   * other moderation settings need no link of their own: their rules ({@code member-moderation},
   * {@code moderate-all}) hit only in the groups that ask for them.
   */
  public static Chain of(Group group) {
    Chain chain =
        group.moderation() == Moderation.NON_MEMBERS
            ? DEFAULT.with("nonmember-post", Action.HOLD)
            : DEFAULT;
    if (group.holdDoubtful()) {
      chain = chain.with("max-size", Action.HOLD).with("administrivia", Action.HOLD);
    }
    chain =
        switch (group.dmarcFailure()) {
          case HOLD -> chain;
          case REFUSE -> chain.with("dmarc-moderation", Action.REFUSE);
          case ACCEPT ->
              chain.with("dmarc-moderation", Action.RECORD).with("dmarc-temperror", Action.RECORD);
        };
    return chain;
  }

  /** The action for a hit of {@code rule}; empty when no link names it (the hit is recorded). */
  public Optional<Action> actionFor(String rule) {
    for (Link link : links) {
      if (link.rule().equals(rule)) {
        return Optional.of(link.action());
      }
    }
    return Optional.empty();
  }

  /** This chain with {@code rule}'s link set to {@code action}, in its place (or appended). */
  public Chain with(String rule, Action action) {
    List<Link> out = new ArrayList<>(links.size() + 1);
    boolean found = false;
    for (Link link : links) {
      if (link.rule().equals(rule)) {
        out.add(new Link(rule, action));
        found = true;
      } else {
        out.add(link);
      }
    }
    if (!found) {
      out.add(new Link(rule, action));
    }
    return new Chain(out);
  }

  /**
   * This chain for a sender the group always allows: the holds of its {@linkplain #MODERATION
   * moderation rules} only record; every other link stays.
   */
  public Chain released() {
    List<Link> out = new ArrayList<>(links.size());
    for (Link l : links) {
      out.add(
          l.action() == Action.HOLD && MODERATION.contains(l.rule())
              ? new Link(l.rule(), Action.RECORD)
              : l);
    }
    return new Chain(out);
  }

  /**
   * This chain for a message a moderator approved after reading what {@code seen} rules found:
   * their hits, and every hold, only record now; every other link stays, so a message that has
   * become one to refuse (a smaller size limit, say) is still refused.
   */
  public Chain approved(Set<String> seen) {
    List<Link> out = new ArrayList<>(links.size() + seen.size());
    for (Link l : links) {
      out.add(
          l.action() == Action.HOLD || seen.contains(l.rule())
              ? new Link(l.rule(), Action.RECORD)
              : l);
    }
    Chain chain = new Chain(out);
    for (String rule : seen) {
      chain = chain.actionFor(rule).isPresent() ? chain : chain.with(rule, Action.RECORD);
    }
    return chain;
  }
}
