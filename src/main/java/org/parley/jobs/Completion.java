package org.parley.jobs;

/**
 * What a handler's {@link JobHandler#run} says of its job when it returns normally; throwing
 * instead is a failure, retried or parked by {@link JobOutcomes}. {@link Workers} act on it through
 * {@link JobOutcomes#ran}.
 */
public enum Completion {
  /** The job is done: its worker marks it so, in a write of its own. */
  DONE,

  /**
   * The run has marked its job done itself ({@link JobQueue#complete(org.jdbi.v3.core.Handle,
   * Job)}) in the transaction that did the job's work, so the work and the job's completion commit
   * together: one write instead of two, and no window in which the work is committed but the job
   * still runs. The worker leaves it as it is.
   */
  DONE_IN_RUN,

  /**
   * The job stays running: its handler finishes the work later, for many jobs at once (the search
   * index commits on a timer), and then settles them itself through {@link JobOutcomes}: done only
   * once their work is durable, or failed, to be retried or parked like any job that throws. The
   * worker is free at once. A job its process stopped before settling runs again: at the next start
   * on the embedded store ({@link JobQueue#releaseRunning}), otherwise when its lease runs out.
   */
  LATER
}
