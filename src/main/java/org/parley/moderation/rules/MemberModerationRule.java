package org.parley.moderation.rules;

import org.parley.group.Moderation;
import org.parley.member.Member;
import org.parley.moderation.Check;
import org.parley.moderation.PostHistory;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code member-moderation} (GNU Mailman's name): in a group that moderates new members ({@link
 * Moderation#NEW_MEMBERS}), a post from an active member who has fewer than the group's {@link
 * org.parley.group.Group#moderateFirst()} posts in its archive is a hit, which the group's chain
 * holds for a moderator. Once a moderator has approved that many, the member's posts go straight
 * through. Non-members are {@code nonmember-post}'s; imported mail passes.
 */
public final class MemberModerationRule implements Rule {
  private final PostHistory history;

  public MemberModerationRule(PostHistory history) {
    this.history = history;
  }

  @Override
  public String id() {
    return "member-moderation";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported() || s.group().moderation() != Moderation.NEW_MEMBERS) {
      return Check.PASS;
    }
    if (s.sender().isEmpty() || !s.sender().get().active()) {
      return Check.PASS;
    }
    Member member = s.sender().get();
    int first = s.group().moderateFirst();
    int posted = history.postsFrom(s.group().id(), member.email().value(), first);
    if (posted >= first) {
      return Check.PASS;
    }
    return Check.refuse(
        id(),
        550,
        "5.7.1",
        member.email().value()
            + " is a new member of "
            + s.groupAddress()
            + " with "
            + (posted == 0 ? "no posts" : posted == 1 ? "1 post" : posted + " posts")
            + " yet; a moderator approves a new member's first "
            + (first == 1 ? "post" : first + " posts")
            + ".");
  }
}
