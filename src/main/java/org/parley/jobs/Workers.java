package org.parley.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs: one dispatcher claims due jobs and hands each to one of {@code concurrency} worker
 * threads. Failures are retried with exponential backoff (10 s doubling, capped at one hour, with
 * jitter) and parked after the job's last attempt.
 */
public final class Workers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Workers.class);
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final JobQueue queue;
  private final Map<String, JobHandler> handlers;
  private final Clock clock;
  private final int concurrency;
  private final Duration baseBackoff;
  private final Semaphore slots;
  private final Object signal = new Object();
  private final ExecutorService executor;
  private volatile boolean running;
  private Thread dispatcher;

  public Workers(
      JobQueue queue,
      List<JobHandler> handlers,
      Clock clock,
      int concurrency,
      Duration baseBackoff) {
    this.queue = queue;
    this.handlers =
        handlers.stream()
            .collect(Collectors.toUnmodifiableMap(JobHandler::kind, Function.identity()));
    this.clock = clock;
    this.concurrency = concurrency;
    this.baseBackoff = baseBackoff;
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
      } catch (RuntimeException e) {
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
      handler.run(job);
      queue.complete(job.id());
    } catch (PermanentJobFailure e) {
      log.warn(
          "job {} {} ({}) failed for good: {}",
          job.id(),
          job.kind(),
          job.payload(),
          e.getMessage());
      queue.park(job.id(), e.getMessage());
    } catch (Exception e) {
      if (!running && e instanceof InterruptedException) {
        return; // shutting down: the lease runs out and the job runs again
      }
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (job.attempts() >= job.maxAttempts()) {
        log.warn(
            "job {} {} ({}) parked after {} attempts: {}",
            job.id(),
            job.kind(),
            job.payload(),
            job.attempts(),
            error);
        queue.park(job.id(), error);
      } else {
        Duration delay = backoff(job.attempts());
        log.info(
            "job {} {} ({}) failed, retrying in {} s: {}",
            job.id(),
            job.kind(),
            job.payload(),
            delay.toSeconds(),
            error);
        queue.retry(job.id(), error, clock.instant().plus(delay));
      }
    }
  }

  Duration backoff(int attempts) {
    long base = baseBackoff.toMillis() << Math.min(attempts - 1, 20);
    long capped = Math.min(base, Duration.ofHours(1).toMillis());
    long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(capped + jitter);
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
