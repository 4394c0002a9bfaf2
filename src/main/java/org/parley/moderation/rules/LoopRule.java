package org.parley.moderation.rules;

import java.util.Locale;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;
import org.parley.moderation.Verdict;

/**
 * {@code loop}: a copy we sent coming back to us (our own List-Id, RFC 2919, or our X-Loop) is
 * dropped, so a forwarding member or a misconfigured list can never make mail circle for ever.
 */
public final class LoopRule implements Rule {
  @Override
  public String id() {
    return "loop";
  }

  @Override
  public Check check(Screening s) {
    String ours = "<" + s.listId().toLowerCase(Locale.ROOT) + ">";
    for (String listId : s.message().headers("List-Id")) {
      if (listId.toLowerCase(Locale.ROOT).contains(ours)) {
        return decide("it carries this group's own List-Id, so it is a copy we sent");
      }
    }
    for (String loop : s.message().headers("X-Loop")) {
      if (loop.trim().equalsIgnoreCase(s.groupAddress())) {
        return decide("it carries this group's X-Loop header");
      }
    }
    return Check.PASS;
  }

  private Check decide(String reason) {
    return new Check.Decide(new Verdict.Discard(id(), reason));
  }
}
