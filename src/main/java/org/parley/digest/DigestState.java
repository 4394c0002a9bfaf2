package org.parley.digest;

/** Where an owed digest stands ({@code digests.state}). Each value owns its stored word. */
enum DigestState {
  /** Owed: its job has not yet handed it to the outgoing mail. */
  QUEUED("queued"),
  /** Handed to the outgoing mail, in the transaction that marked it so. */
  SENT("sent"),
  /** Nothing the member may see was posted in the period (or they left): nothing was sent. */
  EMPTY("empty");

  private final String word;

  DigestState(String word) {
    this.word = word;
  }

  String word() {
    return word;
  }
}
