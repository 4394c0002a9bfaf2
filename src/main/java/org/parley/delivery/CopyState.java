package org.parley.delivery;

/**
 * What became of one member's copy of a post: a row of the {@code outbound} table. Each value owns
 * the word the table keeps in {@code outbound.state}.
 */
public enum CopyState {
  /** Recorded by distribution, waiting for its relay job (or for a retry after a 4yz reply). */
  QUEUED("queued"),
  /** Accepted by the relay. */
  SENT("sent"),
  /** Refused by the relay for good (RFC 5321 §4.2.1, 5yz); its author and owners are told. */
  FAILED("failed"),
  /**
   * Given up after its attempts, every one a temporary failure: unlike {@link #FAILED}, it may go
   * out once the cause is fixed ({@code parley redrive}, {@link Distributor#requeueExpired}).
   */
  EXPIRED("expired"),
  /**
   * Not sent, and never to be: its post was removed by the group's moderators while the copy still
   * waited ({@code archive.PostRemoval}).
   */
  WITHDRAWN("withdrawn");

  private final String word;

  CopyState(String word) {
    this.word = word;
  }

  /** The word the outbound table keeps for this state. */
  public String word() {
    return word;
  }

  /**
   * The state a stored word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static CopyState of(String word) {
    for (CopyState s : values()) {
      if (s.word.equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "a copy's state is one of queued, sent, failed, expired, withdrawn, not " + word);
  }

  @Override
  public String toString() {
    return word;
  }
}
