package org.parley.group;

/**
 * Where a reply to a group's copy goes by default. Each value owns the word the store keeps in
 * {@code site_groups.reply_to}, which the command line takes too.
 */
public enum ReplyTo {
  /** To the group: each copy carries a {@code Reply-To} naming the group's address. */
  GROUP("group"),
  /** To the author: copies keep the author's own {@code Reply-To}, if any, and add none. */
  AUTHOR("author"),
  /**
   * To both: each copy's {@code Reply-To} names the author (their own Reply-To, or their address)
   * and the group, so a plain Reply reaches both and the replier chooses.
   */
  BOTH("both");

  private final String word;

  ReplyTo(String word) {
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
  public static ReplyTo of(String word) {
    for (ReplyTo r : values()) {
      if (r.word.equals(word)) {
        return r;
      }
    }
    throw new IllegalArgumentException("reply-to must be group, author or both, not " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
