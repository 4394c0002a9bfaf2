package org.parley.member;

/**
 * What a member may do in a group. Each value owns the word the store keeps in {@code
 * members.role}, which the command line takes too.
 */
public enum Role {
  /** Runs the group: moderates, and gets mail to its owner address. */
  OWNER("owner"),
  /** Helps run the group: moderates, and gets mail to its owner address, as an owner does. */
  MANAGER("manager"),
  /** Reads and posts. */
  MEMBER("member");

  private final String word;

  Role(String word) {
    this.word = word;
  }

  /** The word the store keeps for this role. */
  public String word() {
    return word;
  }

  /** Whether a member with this role moderates the group and hears from its owner address. */
  public boolean canModerate() {
    return this == OWNER || this == MANAGER;
  }

  /**
   * The role a stored or typed word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static Role of(String word) {
    for (Role r : values()) {
      if (r.word.equals(word)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be one of owner, manager, member: " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
