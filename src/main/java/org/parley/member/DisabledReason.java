package org.parley.member;

/**
 * Why a membership is {@linkplain MemberStatus#DISABLED disabled}. Each value owns the word the
 * store keeps in {@code members.disabled_reason}.
 */
public enum DisabledReason {
  /** Copies to the member's address bounced past the threshold, and so did the probe. */
  BOUNCES("bounces"),
  /** The member's mail provider reported a copy as spam (an RFC 5965 feedback report). */
  COMPLAINT("complaint"),
  /** An owner or manager, or the operator, turned the member's delivery off. */
  OWNER("owner");

  private final String word;

  DisabledReason(String word) {
    this.word = word;
  }

  /** The word the store keeps for this reason. */
  public String word() {
    return word;
  }

  /**
   * The reason a stored word names.
   *
   * @throws IllegalArgumentException for any other word
   */
  public static DisabledReason of(String word) {
    for (DisabledReason r : values()) {
      if (r.word.equals(word)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "disabled reason must be bounces, complaint or owner: " + word);
  }

  @Override
  public String toString() {
    return word;
  }
}
