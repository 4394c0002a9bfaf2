package org.parley.bounce;

import java.util.Optional;

/**
 * One format {@link BounceReader} knows (DESIGN §7.5): it recognises its own kind of message and
 * says what it is, or passes it on to the next rule. Ids are kebab-case; a bounce's {@link
 * Reading.Bounced#format()} is the id of the rule that read it.
 */
interface BounceRule {
  String id();

  /**
   * What {@code mail} is, when it is of this rule's format: a {@link Reading}; empty when it is
   * not, for the next rule to try.
   */
  Optional<Reading> read(ReturnedMail mail);
}
