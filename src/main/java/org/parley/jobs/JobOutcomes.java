package org.parley.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.db.DiskFull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a job once it ran: done, or failed and then retried with exponential backoff
 * (from {@code baseBackoff}, doubling, capped at one hour, with jitter) or parked after its last
 * attempt, or at once for a {@link PermanentJobFailure}. {@link Workers} settle the jobs they run
 * here, as each run's {@link Completion} says; a handler whose jobs complete {@linkplain
 * Completion#LATER later} settles its own, many at once, through the same rules.
 */
public final class JobOutcomes {
  private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);

  /** The longest wait before a job that failed for lack of disk space is tried again. */
  static final Duration NO_ROOM_RETRY = Duration.ofMinutes(1);

  private final JobQueue queue;
  private final Clock clock;
  private final Duration baseBackoff;

  public JobOutcomes(JobQueue queue, Clock clock, Duration baseBackoff) {
    this.queue = queue;
    this.clock = clock;
    this.baseBackoff = baseBackoff;
  }

  /**
   * The job's run returned: it is done now, unless the run marked it done itself ({@link
   * Completion#DONE_IN_RUN}) or its handler settles it later ({@link Completion#LATER}).
   *
   * @throws NullPointerException when a handler returned no completion (the job then fails)
   */
  public void ran(Job job, Completion completion) {
    switch (completion) {
      case DONE -> done(job);
      case DONE_IN_RUN, LATER -> {}
    }
  }

  /** The job is done. */
  public void done(Job job) {
    queue.complete(job);
  }

  /** These jobs are done: one statement, however many there are. */
  public void done(Collection<Job> jobs) {
    queue.completeAll(jobs.stream().map(Job::id).toList());
  }

  /**
   * The job failed: it is retried after a backoff, or parked when retrying cannot help. A failure
   * for lack of disk space ({@link DiskFull}) is retried within a minute, and never parked.
   */
  public void failed(Job job, Throwable e) {
    if (e instanceof PermanentJobFailure) {
      log.warn(
          "job {} {} ({}) failed for good: {}",
          job.id(),
          job.kind(),
          job.payload(),
          e.getMessage());
      queue.park(job, e.getMessage());
      return;
    }
    String error = e.getClass().getSimpleName() + ": " + e.getMessage();
    // A full disk is cured by room, not by a fix: such a job is never parked for it, and is tried
    // again within a minute, so it catches up soon after the room returns (RELIABILITY A2).
    boolean noRoom = DiskFull.in(e);
    if (job.attempts() >= job.maxAttempts() && !noRoom) {
      log.warn(
          "job {} {} ({}) parked after {} attempts: {}",
          job.id(),
          job.kind(),
          job.payload(),
          job.attempts(),
          error);
      queue.park(job, error);
    } else {
      Duration delay = backoff(job.attempts());
      if (noRoom && delay.compareTo(NO_ROOM_RETRY) > 0) {
        delay = NO_ROOM_RETRY;
      }
      log.info(
          "job {} {} ({}) failed, retrying in {} s: {}",
          job.id(),
          job.kind(),
          job.payload(),
          delay.toSeconds(),
          error);
      queue.retry(job, error, clock.instant().plus(delay));
    }
  }

  /** These jobs failed together, in a step they shared (a commit): each is retried or parked. */
  public void failed(Collection<Job> jobs, Throwable e) {
    for (Job job : jobs) {
      failed(job, e);
    }
  }

  Duration backoff(int attempts) {
    long base = baseBackoff.toMillis() << Math.min(attempts - 1, 20);
    long capped = Math.min(base, Duration.ofHours(1).toMillis());
    long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(capped + jitter);
  }
}
