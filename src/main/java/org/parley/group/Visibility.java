package org.parley.group;

/**
 * Who may read a group on the web (and, as a group's {@code member-list} setting, who may see its
 * member list). Each value owns the word the store keeps in {@code site_groups.visibility}, which
 * the command line and the forms take too. The values go from widest to narrowest; site admins are
 * in every audience.
 */
public enum Visibility {
  /** Anyone may read the group, signed in or not, search engines too. */
  PUBLIC("public"),
  /** Anyone signed in to the site; not visitors, not search engines. */
  SIGNED_IN("signed-in"),
  /** Only its members and the site admins may read it: a new group's default (RELIABILITY D10). */
  PRIVATE("private"),
  /** Only its owners and managers (and the site admins). */
  MANAGERS("managers");

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
    throw new IllegalArgumentException(
        "visibility must be public, signed-in, private or managers, not " + word);
  }

  /**
   * Whether someone is in this audience.
   *
   * @param signedIn whether they are signed in
   * @param member whether they are an active member of the group
   * @param manager whether they run it (an active owner or manager) or are a site admin
   */
  public boolean admits(boolean signedIn, boolean member, boolean manager) {
    return switch (this) {
      case PUBLIC -> true;
      case SIGNED_IN -> signedIn || manager;
      case PRIVATE -> member || manager;
      case MANAGERS -> manager;
    };
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
