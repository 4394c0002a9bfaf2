package org.parley.moderation.rules;

import org.parley.moderation.AllowedSenders;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code allowed-sender}: the author is one the group's moderators chose to always allow ({@link
 * AllowedSenders}, "approve and always allow this sender" on the queue). The chain {@linkplain
 * org.parley.moderation.Chain.Action#RELEASE releases} the moderation holds of the rules after it
 * for such a post; refusals still apply. Imported mail passes: it was screened where it was first
 * posted.
 */
public final class AllowedSenderRule implements Rule {
  private final AllowedSenders allowed;

  public AllowedSenderRule(AllowedSenders allowed) {
    this.allowed = allowed;
  }

  @Override
  public String id() {
    return "allowed-sender";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported() || s.author().isEmpty()) {
      return Check.PASS;
    }
    if (!allowed.allowed(s.group().id(), s.author().get())) {
      return Check.PASS;
    }
    return Check.unanswerable(
        id(),
        s.author().get().value()
            + " is always allowed by this group's moderators, so its moderation does not hold it");
  }
}
