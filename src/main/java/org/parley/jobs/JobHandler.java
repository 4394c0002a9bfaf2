package org.parley.jobs;

/**
 * Does one kind of job. A handler must be idempotent: a job may run again after a crash or a retry,
 * and running it twice must have the effect of running it once.
 */
public interface JobHandler {
  /** The kind of job this handler runs, in kebab-case, such as {@code distribute}. */
  String kind();

  /**
   * Runs the job. Returning normally completes it; throwing retries it later with backoff, or parks
   * it once it has used its attempts; throwing {@link PermanentJobFailure} parks it at once.
   */
  void run(Job job) throws Exception;
}
