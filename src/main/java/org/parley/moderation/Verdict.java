package org.parley.moderation;

/** What the screen decides for a message. The first rule that decides wins. */
public sealed interface Verdict {
  /** Post it. */
  record Accept() implements Verdict {}

  /** Keep it for a moderator. */
  record Hold(String rule, String reason) implements Verdict {}

  /**
   * Refuse it at the door with an SMTP code (550, 552, 554), its RFC 3463 enhanced status, and a
   * sentence a person understands.
   */
  record Reject(String rule, int code, String status, String reason) implements Verdict {}

  /** Drop it silently (loops, auto-replies): the sender is told it was accepted. */
  record Discard(String rule, String reason) implements Verdict {}
}
