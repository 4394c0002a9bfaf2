package org.parley.group;

/**
 * Who may read a group on the web. Each value owns the word the store keeps in {@code
 * site_groups.visibility}, which the command line and the forms take too.
 */
public enum Visibility {
  /** Anyone may read the group, signed in or not, search engines too. */
  PUBLIC("public"),
  /** Only its members and the site admins may read it: a new group's default (RELIABILITY D10). */
  PRIVATE("private");

  private final String word;

  Visibility(String word) {
    this.word = word;
  }

  /** The word the store keeps for this visibility. */
  public String word() {
    return word;
  }

  /**
   * The visibility a stored or typed word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static Visibility of(String word) {
    for (Visibility v : values()) {
      if (v.word.equals(word)) {
        return v;
      }
    }
    throw new IllegalArgumentException("visibility must be public or private, not " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
