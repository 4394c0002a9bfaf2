package org.parley.jobs;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a running job's lease every third of it, on a thread of its own, for as long as the run
 * lasts: a job that talks to the relay may wait minutes on one answer (a smarthost may take up to
 * 10 minutes to answer the final dot, RFC 5321 §4.5.3.2.6), longer than the lease, and without this
 * a second run would take the job over and send the same mail alongside. Every job that sends mail
 * holds one while it sends. A platform thread, as the workers' are: SQLite's busy wait would pin a
 * virtual one (docs/adr/0003).
 *
 * <pre>{@code
 * try (LeaseKeeper keeper = LeaseKeeper.hold(queue, job)) {
 *   ... send; if (keeper.lost()) record what was done and stop ...
 * }
 * }</pre>
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final Thread thread;
  private volatile boolean lost;

  private LeaseKeeper(JobQueue queue, Job job, Duration lease) {
    long every = Math.max(1, lease.toMillis() / 3);
    thread =
        Thread.ofPlatform()
            .name("parley-lease-" + job.id())
            .daemon()
            .start(
                () -> {
                  while (!lost) {
                    try {
                      Thread.sleep(every);
                    } catch (InterruptedException e) {
                      return; // the run is over
                    }
                    try {
                      lost = !queue.extend(job, lease);
                    } catch (RuntimeException e) {
                      log.warn(
                          "{} job {}: cannot renew its lease just now", job.kind(), job.id(), e);
                    }
                  }
                });
  }

  /** Keeps {@code job}'s lease ({@link Workers#LEASE}) until closed. */
  public static LeaseKeeper hold(JobQueue queue, Job job) {
    return hold(queue, job, Workers.LEASE);
  }

  /** Keeps {@code job}'s lease of {@code lease} until closed. */
  public static LeaseKeeper hold(JobQueue queue, Job job, Duration lease) {
    return new LeaseKeeper(queue, job, lease);
  }

  /** Whether another run may have the job now: this one should record what it did and stop. */
  public boolean lost() {
    return lost;
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(5_000);
  }
}
