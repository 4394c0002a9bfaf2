package org.parley.moderation;

/** One rule's finding: nothing to say, a flag (holds the post), or a decision. */
public sealed interface Check {
  Check PASS = new Pass();

  record Pass() implements Check {}

  record Flag(String reason) implements Check {}

  record Decide(Verdict verdict) implements Check {}
}
