package org.parley.jobs;

/**
 * Does one kind of job. A handler must be idempotent: a job may run again after a crash or a retry,
 * and running it twice must have the effect of running it once.
 */
public interface JobHandler {
  /** The kind of job this handler runs, in kebab-case, such as {@code distribute}. */
  String kind();

  /**
   * Runs the job. Returning normally completes it (unless the handler {@linkplain #completesLater
   * completes later} or {@linkplain #completesInRun has completed it}); throwing retries it later
   * with backoff, or parks it once it has used its attempts; throwing {@link PermanentJobFailure}
   * parks it at once.
   */
  void run(Job job) throws Exception;

  /**
   * Whether returning normally from {@link #run} leaves the job running instead of done. Such a
   * handler finishes its jobs' work later, for many at once (the search index commits on a timer),
   * and then settles them itself through {@link JobOutcomes}: done only once their work is durable,
   * or failed, to be retried or parked like any job that throws. The worker is free as soon as
   * {@code run} returns. A job its process stopped before settling runs again: at the next start on
   * the embedded store ({@link JobQueue#releaseRunning}), otherwise when its lease runs out.
   */
  default boolean completesLater() {
    return false;
  }

  /**
   * Whether {@link #run}, when it returns normally, has marked its job done itself ({@link
   * JobQueue#complete(org.jdbi.v3.core.Handle, Job)}) in the transaction that did the job's work,
   * so the work and the job's completion commit together: one write instead of two, and no window
   * in which the work is committed but the job still runs. Throwing retries or parks the job as
   * usual (the transaction rolled back).
   */
  default boolean completesInRun() {
    return false;
  }
}
