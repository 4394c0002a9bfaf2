package org.parley.mailcommand;

/**
 * What a message to a command address came to.
 *
 * @param done whether it was carried out (answered 250); otherwise refused (550) with the sentence
 * @param sentence one sentence that says what happened, for the SMTP answer and the log
 */
public record Outcome(boolean done, String sentence) {
  public static Outcome done(String sentence) {
    return new Outcome(true, sentence);
  }

  public static Outcome refused(String sentence) {
    return new Outcome(false, sentence);
  }
}
