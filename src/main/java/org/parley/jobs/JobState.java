package org.parley.jobs;

/**
 * Where a job stands. Each value owns the word the jobs table keeps in {@code jobs.state}; the
 * queue's statements bind these words, so a job queued by an earlier version reads the same.
 */
public enum JobState {
  /** Waiting for its time ({@code run_at}) and a worker. */
  READY("ready"),
  /** Claimed by a run, with a lease ({@code locked_until}). */
  RUNNING("running"),
  /** Finished. */
  DONE("done"),
  /** Set aside after its last attempt, or at once for a {@link PermanentJobFailure}. */
  PARKED("parked");

  private final String word;

  JobState(String word) {
    this.word = word;
  }

  /** The word the jobs table keeps for this state. */
  public String word() {
    return word;
  }

  /**
   * The state a stored word names.
   *
   * @throws IllegalArgumentException for any other word, naming the allowed ones
   */
  public static JobState of(String word) {
    for (JobState s : values()) {
      if (s.word.equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "a job's state is one of ready, running, done, parked, not " + word);
  }

  @Override
  public String toString() {
    return word;
  }
}
