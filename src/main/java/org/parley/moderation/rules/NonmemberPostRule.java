package org.parley.moderation.rules;

import org.parley.group.Moderation;
import org.parley.group.Posting;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code nonmember-post}: in an announcement group ({@link Posting#MANAGERS}), mail from anyone but
 * its active owners and managers is a hit; in a group where only members post, or one that
 * moderates non-members ({@link Moderation#NON_MEMBERS}), mail from an address that is not an
 * active member is a hit whose refusal says so ({@code 550 5.7.1}). The site's chain refuses it at
 * the door; the chain of a group that moderates non-members holds it for a moderator, so its reason
 * is then written for the moderator.
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
    boolean moderated = s.group().moderation() == Moderation.NON_MEMBERS;
    if (!s.group().membersOnlyPosting() && !moderated) {
      return Check.PASS;
    }
    if (s.group().posting() == Posting.MANAGERS) {
      if (s.sender().isPresent() && s.sender().get().active() && s.sender().get().canModerate()) {
        return Check.PASS;
      }
      String author =
          s.message().from() == null || s.message().from().address().isBlank()
              ? "the sender"
              : s.message().from().address();
      return Check.refuse(
          id(),
          550,
          "5.7.1",
          s.groupAddress()
              + " is an announcement group: only its owners and managers post to it, and "
              + author
              + " is not one of them.");
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
            : moderated
                ? from
                    + " is not a member of "
                    + s.groupAddress()
                    + ", whose moderators approve posts from non-members."
                : from
                    + " is not a member of "
                    + s.groupAddress()
                    + ", and only members may post to it. Join the group first, then send again.";
    return Check.refuse(id(), 550, "5.7.1", why);
  }
}
