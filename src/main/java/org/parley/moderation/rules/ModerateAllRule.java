package org.parley.moderation.rules;

import org.parley.group.Moderation;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code moderate-all}: in a group that moderates everyone ({@link Moderation#EVERYONE}), every
 * post is a hit, which the group's chain holds for a moderator. Imported mail passes.
 */
public final class ModerateAllRule implements Rule {
  @Override
  public String id() {
    return "moderate-all";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported() || s.group().moderation() != Moderation.EVERYONE) {
      return Check.PASS;
    }
    return Check.refuse(
        id(),
        550,
        "5.7.1",
        s.groupAddress() + " is moderated: a moderator approves every post before it is sent.");
  }
}
