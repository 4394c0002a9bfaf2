package org.parley.member;

/**
 * Whether a membership counts. Each value owns the word the store keeps in {@code members.status}.
 */
public enum MemberStatus {
  /** The member reads, posts and gets copies as their delivery mode says. */
  ACTIVE("active"),
  /** Set aside, by bounces or by an owner: no copies, and posts are treated as a non-member's. */
  DISABLED("disabled");

  private final String word;

  MemberStatus(String word) {
    this.word = word;
  }

  /** The word the store keeps for this status. */
  public String word() {
    return word;
  }

  /**
   * The status a stored word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static MemberStatus of(String word) {
    for (MemberStatus s : values()) {
      if (s.word.equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException("status must be active or disabled, not " + word);
  }

  /** The stored word, as listings show it. */
  @Override
  public String toString() {
    return word;
  }
}
