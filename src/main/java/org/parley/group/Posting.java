package org.parley.group;

/**
 * Who may post to a group. Each value owns the word the store keeps in {@code site_groups.posting},
 * which the command line takes too.
 */
public enum Posting {
  /** Only the group's active members; others are refused (the {@code nonmember-post} rule). */
  MEMBERS("members"),
  /** Anyone, member or not. */
  ANYONE("anyone"),
  /**
   * Only its owners and managers: an announcement list, read by its members, written by those who
   * run it.
   */
  MANAGERS("managers");

  private final String word;

  Posting(String word) {
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
  public static Posting of(String word) {
    for (Posting p : values()) {
      if (p.word.equals(word)) {
        return p;
      }
    }
    throw new IllegalArgumentException("posting must be members, anyone or managers, not " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
