package org.parley.moderation;

/**
 * One detector of the screen (DESIGN §3 step 2, §7.5): it looks at a submission and reports a hit
 * with its reason, or nothing. It never decides; the group's {@link Chain} does. Ids are kebab-case
 * and reuse GNU Mailman's names where the rule is the same.
 */
public interface Rule {
  String id();

  /** What this rule finds in {@code s}: {@link Check#PASS} or a {@link Check.Hit} of its own id. */
  Check check(Screening s);
}
