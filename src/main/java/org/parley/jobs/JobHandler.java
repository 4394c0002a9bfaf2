package org.parley.jobs;

/**
 * Does one kind of job. A handler must be idempotent: a job may run again after a crash or a retry,
 * and running it twice must have the effect of running it once.
 */
public interface JobHandler {
  /** The kind of job this handler runs, in kebab-case, such as {@code distribute}. */
  String kind();

  /**
   * Runs the job. Returning says how it completes: {@linkplain Completion#DONE done} (the worker
   * marks it so), {@linkplain Completion#DONE_IN_RUN done by this run} in the transaction that did
   * its work, or {@linkplain Completion#LATER later}, settled by the handler itself. Throwing
   * retries it later with backoff, or parks it once it has used its attempts; throwing {@link
   * PermanentJobFailure} parks it at once.
   */
  Completion run(Job job) throws Exception;
}
