package org.parley.member;

/**
 * A member's choice about one topic of a group, kept in {@code member_topics}. Each value owns the
 * word the store keeps in {@code member_topics.choice}.
 */
public enum TopicChoice {
  /** No copies of the topic's posts, whatever the member's delivery mode. */
  MUTE("mute"),
  /**
   * A copy of each of the topic's posts as it arrives, although the member's delivery mode sends
   * none one by one (digest, abridged, no email).
   */
  FOLLOW("follow");

  private final String word;

  TopicChoice(String word) {
    this.word = word;
  }

  /** The word the store keeps for this choice. */
  public String word() {
    return word;
  }

  /**
   * The choice a stored or typed word names.
   *
   * @throws IllegalArgumentException for any other word
   */
  public static TopicChoice of(String word) {
    for (TopicChoice c : values()) {
      if (c.word.equals(word)) {
        return c;
      }
    }
    throw new IllegalArgumentException("a topic choice is mute or follow: " + word);
  }

  @Override
  public String toString() {
    return word;
  }
}
