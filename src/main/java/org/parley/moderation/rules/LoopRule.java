package org.parley.moderation.rules;

import java.util.Locale;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code loop}: a copy we sent coming back to us (our own List-Id, RFC 2919, or our X-Loop) is a
 * hit without an answer, which a refusing chain drops, so a forwarding member or a misconfigured
 * list can never make mail circle for ever; and a message that has passed through more than {@value
 * #MAX_HOPS} mail servers is a hit refused with {@code 554 5.4.6}, as a loop elsewhere.
 */
public final class LoopRule implements Rule {
  /** More Received fields than this (Postfix's {@code hopcount_limit}) mean a loop elsewhere. */
  static final int MAX_HOPS = 50;

  @Override
  public String id() {
    return "loop";
  }

  @Override
  public Check check(Screening s) {
    String ours = "<" + s.listId().toLowerCase(Locale.ROOT) + ">";
    for (String listId : s.message().headers("List-Id")) {
      if (listId.toLowerCase(Locale.ROOT).contains(ours)) {
        return ownCopy("it carries this group's own List-Id, so it is a copy we sent");
      }
    }
    for (String loop : s.message().headers("X-Loop")) {
      if (loop.trim().equalsIgnoreCase(s.groupAddress())) {
        return ownCopy("it carries this group's X-Loop header");
      }
    }
    int hops = s.message().headers("Received").size();
    if (hops > MAX_HOPS && !s.imported()) {
      // a loop between other systems (two lists forwarding to each other, say): Postfix's
      // hopcount_limit, and RFC 5321 §6.3's advice, refuse it as such
      return Check.refuse(
          id(),
          554,
          "5.4.6",
          "The message has passed through "
              + hops
              + " mail servers (Received fields); it is looping, so it is refused.");
    }
    return Check.PASS;
  }

  private Check ownCopy(String reason) {
    return Check.unanswerable(id(), reason);
  }
}
