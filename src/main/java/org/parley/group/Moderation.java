package org.parley.group;

/**
 * Whose posts a group holds for a moderator before they reach the members. Each value owns the word
 * the store keeps in {@code site_groups.moderation}, which the command line takes too. The group's
 * chain ({@code moderation.Chain.of}) turns it into holds.
 */
public enum Moderation {
  /** Nothing is held for being from whom it is from (a new group's default). */
  NONE("none"),
  /**
   * A member's posts are held until a moderator has approved the group's first few of them ({@link
   * Group#moderateFirst()}): the {@code member-moderation} rule.
   */
  NEW_MEMBERS("new-members"),
  /**
   * Posts from anyone who is not an active member are held, where they would otherwise be refused
   * (a group where members post) or posted (a group where anyone posts): {@code nonmember-post}.
   */
  NON_MEMBERS("non-members"),
  /** Every post is held, the members' too: the {@code moderate-all} rule. */
  EVERYONE("everyone");

  private final String word;

  Moderation(String word) {
    this.word = word;
  }

  /** The word the store keeps for this setting. */
  public String word() {
    return word;
  }

  /**
   * The setting a stored or typed word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static Moderation of(String word) {
    for (Moderation m : values()) {
      if (m.word.equals(word)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "moderation must be none, new-members, non-members or everyone, not " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
