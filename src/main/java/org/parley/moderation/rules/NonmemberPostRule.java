package org.parley.moderation.rules;

import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code nonmember-post}: in a group where only members post, mail from an address that is not an
 * active member is a hit whose refusal says so ({@code 550 5.7.1}): the site's chain refuses it at
 * the door; a group's chain may hold it for a moderator instead.
 */
public final class NonmemberPostRule implements Rule {
  @Override
  public String id() {
    return "nonmember-post";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported()) {
      return Check.PASS;
    }
    if (!s.group().membersOnlyPosting()) {
      return Check.PASS;
    }
    if (s.sender().isPresent() && s.sender().get().active()) {
      return Check.PASS;
    }
    String from =
        s.message().from() == null || s.message().from().address().isBlank()
            ? "the sender"
            : s.message().from().address();
    String why =
        s.sender().isPresent()
            ? from + " is a member of " + s.groupAddress() + " but cannot post while disabled."
            : from
                + " is not a member of "
                + s.groupAddress()
                + ", and only members may post to it. Join the group first, then send again.";
    return Check.refuse(id(), 550, "5.7.1", why);
  }
}
