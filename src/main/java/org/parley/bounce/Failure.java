package org.parley.bounce;

/**
 * What a delivery report says became of one recipient of a copy that failed.
 *
 * @param recipient the address the report names (its final or original recipient), empty when the
 *     report names none: the copy's return path then says whose it was ({@code Verp})
 * @param kind whether the failure is lasting, passing, or a refusal by policy
 * @param status the RFC 3463 status code, such as {@code 5.1.1}, empty when the report gives none
 * @param diagnostic the remote server's own words, as the report quotes them, empty when none
 */
public record Failure(String recipient, Kind kind, String status, String diagnostic) {

  /** The three kinds of failure bounce processing tells apart. */
  public enum Kind {
    /** A lasting failure (5.x.x other than policy): the address does not take mail. */
    HARD,
    /** A passing failure (4.x.x): a full mailbox, a server down; counts only when it repeats. */
    SOFT,
    /**
     * A refusal by policy (5.7.x: DMARC, spam, a blocklist): about the message or the list, not the
     * address, so it never counts toward disabling the member.
     */
    POLICY
  }
}
