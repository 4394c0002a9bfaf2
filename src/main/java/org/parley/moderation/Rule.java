package org.parley.moderation;

/**
 * One step of the screen. Ids are kebab-case and reuse GNU Mailman's names where the rule is the
 * same.
 */
public interface Rule {
  String id();

  Check check(Screening s);
}
