package org.parley.member;

/**
 * How a member gets a group's posts by mail. Each value owns the word the store keeps in {@code
 * members.delivery}, which the command line takes too.
 */
public enum DeliveryMode {
  /** A copy of every post as it arrives. */
  EACH("each"),
  /** The period's posts gathered into one MIME digest (RFC 2046 §5.1.5), daily or weekly. */
  DIGEST("digest"),
  /** A summary of the period's posts: subjects, authors, first lines and links. */
  ABRIDGED("abridged"),
  /** No mail: the member reads on the web. */
  NONE("none");

  private final String word;

  DeliveryMode(String word) {
    this.word = word;
  }

  /** The word the store keeps for this mode. */
  public String word() {
    return word;
  }

  /**
   * The mode a stored or typed word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static DeliveryMode of(String word) {
    for (DeliveryMode d : values()) {
      if (d.word.equals(word)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "delivery must be one of each, digest, abridged, none: " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
