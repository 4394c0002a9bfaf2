package org.parley.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs: one dispatcher claims due jobs and hands each to one of {@code concurrency} worker
 * threads; jobs enqueued already claimed by the transaction that made them are {@linkplain #take
 * handed over} directly. {@link JobOutcomes} settles each job after it ran: done, or retried with
 * backoff, or parked after its last attempt. What a handler's run returns ({@link Completion}) says
 * whether the worker marks the job done, the run did, or the handler settles it later itself (its
 * worker free as soon as it returns).
 */
public final class Workers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Workers.class);

  /**
   * How long a claimed job is its worker's. A job that may run longer renews it as it goes ({@link
   * JobQueue#extend}); one whose lease runs out is taken to have lost its worker and runs again.
   */
  public static final Duration LEASE = Duration.ofMinutes(5);

  /** Handed-over jobs that may wait or run per worker; beyond that they wait in the table. */
  private static final int HANDOVER_PER_WORKER = 4;

  private final JobQueue queue;
  private final Map<String, JobHandler> handlers;
  private final JobOutcomes outcomes;
  private final int concurrency;
  private final Semaphore slots;
  private final AtomicInteger handedOver = new AtomicInteger();
  private final Object signal = new Object();
  private final ExecutorService executor;
  private volatile boolean running;
  private Thread dispatcher;

  /**
   * @param outcomes settles each job after it ran (done, retried or parked), as its run's {@link
   *     Completion} says
   */
  public Workers(JobQueue queue, JobOutcomes outcomes, List<JobHandler> handlers, int concurrency) {
    this.queue = queue;
    this.outcomes = outcomes;
    this.handlers =
        handlers.stream()
            .collect(Collectors.toUnmodifiableMap(JobHandler::kind, Function.identity()));
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency);
    // Platform threads, not virtual ones: jobs write through sqlite-jdbc, whose native calls pin a
    // virtual thread's carrier while SQLite's busy handler sleeps (docs/adr/0003).
    this.executor =
        Executors.newFixedThreadPool(
            concurrency, Thread.ofPlatform().name("parley-worker-", 1).daemon().factory());
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    dispatcher = Thread.ofPlatform().name("parley-jobs").daemon().start(this::dispatch);
  }

  /** Tells the dispatcher that new work was committed, so it need not wait for its next poll. */
  public void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /**
   * Whether {@code n} more jobs can be {@linkplain #take handed over} now: the workers are running
   * and few handed-over jobs are waiting. If not, the caller enqueues them ready, so a backlog
   * waits in the table (claimed when a worker is free) rather than in memory with its lease
   * running.
   */
  public boolean hasRoom(int n) {
    return running && handedOver.get() + n <= concurrency * HANDOVER_PER_WORKER;
  }

  /** How long a handed-over job is held before another run may claim it. */
  public Duration lease() {
    return LEASE;
  }

  /**
   * Runs jobs that were enqueued already claimed ({@link JobQueue#enqueueClaimed}), once their
   * transaction has committed. If the workers are closing, the jobs stay claimed and run again at
   * the next start.
   */
  public void take(List<Job> jobs) {
    for (Job job : jobs) {
      handedOver.incrementAndGet();
      try {
        executor.execute(
            () -> {
              try {
                runOne(job);
              } finally {
                handedOver.decrementAndGet();
              }
            });
      } catch (RejectedExecutionException e) {
        handedOver.decrementAndGet();
        log.info(
            "job {} not started: the workers are closing; it runs at the next start", job.id());
      }
    }
  }

  private void dispatch() {
    while (running) {
      try {
        slots.acquire();
        int free = 1 + slots.drainPermits();
        List<Job> jobs = queue.claim(free, LEASE);
        slots.release(free - jobs.size());
        for (Job job : jobs) {
          executor.execute(
              () -> {
                try {
                  runOne(job);
                } finally {
                  slots.release();
                }
              });
        }
        if (jobs.isEmpty()) {
          synchronized (signal) {
            signal.wait(200);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        if (!running) {
          return;
        }
        log.error("job dispatcher: cannot claim jobs, trying again in 1 s", e);
        sleepQuietly(1000);
      }
    }
  }

  private void runOne(Job job) {
    JobHandler handler = handlers.get(job.kind());
    try {
      if (handler == null) {
        throw new PermanentJobFailure("no handler for jobs of kind " + job.kind());
      }
      outcomes.ran(job, handler.run(job));
    } catch (Exception | Error e) {
      // An Error too (a stack overflow on one pathological message, say): otherwise the job would
      // stay claimed until its lease ran out and then run again, failing the same way for ever
      // instead of being parked after its attempts
      if (!running && e instanceof InterruptedException) {
        return; // shutting down: the lease runs out and the job runs again
      }
      try {
        outcomes.failed(job, e);
      } catch (RuntimeException recording) {
        // the store cannot take the outcome (a full disk, RELIABILITY A2): the worker lives on,
        // and the job, still claimed, runs again when its lease runs out
        log.error(
            "job {} {} failed ({}) and its failure cannot be recorded ({}); it runs again when its"
                + " lease ends, in at most {} min",
            job.id(),
            job.kind(),
            e.toString(),
            recording.toString(),
            LEASE.toMinutes());
      }
    }
  }

  public int concurrency() {
    return concurrency;
  }

  @Override
  public void close() {
    running = false;
    wake();
    if (dispatcher != null) {
      dispatcher.interrupt();
      try {
        dispatcher.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
