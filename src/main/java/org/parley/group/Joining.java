package org.parley.group;

/**
 * How people become members of a group. Each value owns the word the store keeps in {@code
 * site_groups.joining}, which the command line takes too.
 */
public enum Joining {
  /** Anyone with an account may join on the web. */
  OPEN("open"),
  /**
   * Anyone with an account may ask to join, with a reason; an owner or manager approves or declines
   * each request.
   */
  ASK("ask"),
  /** Invited only: owners and managers add or invite members; nobody joins by asking. */
  CLOSED("closed");

  private final String word;

  Joining(String word) {
    this.word = word;
  }

  /** The word the store keeps for this rule. */
  public String word() {
    return word;
  }

  /**
   * The rule a stored or typed word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static Joining of(String word) {
    for (Joining j : values()) {
      if (j.word.equals(word)) {
        return j;
      }
    }
    throw new IllegalArgumentException(
        "joining must be open, ask or closed (invited only), not " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
