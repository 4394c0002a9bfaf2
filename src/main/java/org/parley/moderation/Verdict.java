package org.parley.moderation;

import java.util.List;

/**
 * The one action a group's {@link Chain} turns a message's hits into. The hits that an accepted or
 * held message carries are stored with the post or the held message.
 */
public sealed interface Verdict {
  /**
   * Post it.
   *
   * @param hits what the rules found that did not stop it (recorded links), in rule order
   */
  record Accept(List<Check.Hit> hits) implements Verdict {
    public Accept {
      hits = List.copyOf(hits);
    }
  }

  /**
   * Keep it for a moderator.
   *
   * @param hits every hit, in rule order; at least one of them is held by the chain
   */
  record Hold(List<Check.Hit> hits) implements Verdict {
    public Hold {
      hits = List.copyOf(hits);
      if (hits.isEmpty()) {
        throw new IllegalArgumentException("a message is held for what a rule found");
      }
    }
  }

  /**
   * Refuse it at the door with an SMTP code (550, 552, 554), its RFC 3463 enhanced status, and a
   * sentence a person understands.
   */
  record Reject(String rule, int code, String status, String reason) implements Verdict {}

  /** Drop it silently (loops): the sender is told it was accepted. */
  record Discard(String rule, String reason) implements Verdict {}
}
