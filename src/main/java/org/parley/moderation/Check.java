package org.parley.moderation;

import java.util.Optional;

/**
 * One rule's finding (DESIGN §3 step 2): nothing to say, or a {@link Hit}. A rule only detects; the
 * group's {@link Chain} decides what a hit does to the message.
 */
public sealed interface Check {
  Check PASS = new Pass();

  /** The rule found nothing. */
  record Pass() implements Check {}

  /**
   * The rule found something.
   *
   * @param rule the id of the rule that found it
   * @param reason what it found, in a sentence a person understands (a refusal's text, when the hit
   *     carries a refusal)
   * @param refusal how the sender is answered if the chain refuses the message; empty for a hit
   *     that must not be answered (a copy of our own coming back: an answer would feed the loop),
   *     which a refusing chain drops instead
   */
  record Hit(String rule, String reason, Optional<Refusal> refusal) implements Check {
    public Hit {
      if (rule == null || rule.isBlank() || reason == null) {
        throw new IllegalArgumentException("a hit names its rule and its reason");
      }
    }
  }

  /**
   * The answer a refused message gets at the door: an SMTP reply code (550, 552, 554) and its RFC
   * 3463 enhanced status; the text is the hit's reason.
   */
  record Refusal(int code, String status) {}

  /** A hit that, if the chain refuses, is answered {@code code status reason}. */
  static Check refuse(String rule, int code, String status, String reason) {
    return new Hit(rule, reason, Optional.of(new Refusal(code, status)));
  }

  /** A hit that is never answered: a chain that refuses it drops the message instead. */
  static Check unanswerable(String rule, String reason) {
    return new Hit(rule, reason, Optional.empty());
  }
}
