package org.parley.group;

/**
 * What a group does with mail from a member's address that fails DMARC (RFC 7489), or whose
 * sender's domain vouches for it in no way at all (no SPF pass and no DKIM signature aligned with
 * the From's domain): most often someone forging a member's address. Each value owns the word the
 * store keeps in {@code site_groups.dmarc_failure}, which the command line takes too.
 */
public enum DmarcFailure {
  /** Keep it for a moderator, who may approve it. */
  HOLD("hold"),
  /** Refuse it at the door ({@code 550 5.7.1}), saying why. */
  REFUSE("refuse"),
  /** Post it all the same; the result is recorded with the post. */
  ACCEPT("accept");

  private final String word;

  DmarcFailure(String word) {
    this.word = word;
  }

  /** The word the store keeps for this choice. */
  public String word() {
    return word;
  }

  /**
   * The choice a stored or typed word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static DmarcFailure of(String word) {
    for (DmarcFailure d : values()) {
      if (d.word.equals(word)) {
        return d;
      }
    }
    throw new IllegalArgumentException("dmarc-failure must be hold, refuse or accept, not " + word);
  }

  /** The stored word, as the command line shows and takes it. */
  @Override
  public String toString() {
    return word;
  }
}
