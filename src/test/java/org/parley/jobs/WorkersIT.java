package org.parley.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.db.Database;

/** The job workers against a real SQLite store. */
class WorkersIT {
  @TempDir Path dir;

  @Test
  void aJobThatThrowsAnErrorIsRetriedThenParkedWithItAndTheWorkersGoOn() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    JobHandler overflowing =
        handler(
            "overflowing",
            job -> {
              runs.incrementAndGet();
              throw new StackOverflowError("deep recursion on one message");
            });
    AtomicInteger done = new AtomicInteger();
    JobHandler fine =
        handler(
            "fine",
            job -> {
              done.incrementAndGet();
            });
    Clock clock = Clock.systemUTC();
    try (Database db = Database.open("", dir)) {
      JobQueue queue = new JobQueue(db, clock);
      try (Workers workers =
          new Workers(
              queue,
              new JobOutcomes(queue, clock, Duration.ofMillis(50)),
              List.of(overflowing, fine),
              2)) {
        workers.start();
        queue.enqueue("overflowing", "1", 3);
        await(
            "the job to be parked",
            Duration.ofSeconds(20),
            () -> queue.count(JobState.PARKED) == 1);
        String error =
            db.jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT last_error FROM jobs WHERE kind = 'overflowing'")
                            .mapTo(String.class)
                            .one());
        assertThat(error).contains("StackOverflowError").contains("deep recursion");
        assertThat(runs).hasValue(3);

        queue.enqueue("fine", "2", 3);
        await("the next job to run", Duration.ofSeconds(10), () -> done.get() == 1);
      }
    }
  }

  /**
   * RELIABILITY A2: a job that fails for lack of disk space is not parked after its last attempt,
   * as a job that would fail for ever is: room comes back, and the job (an index job, say) must
   * then catch up. Once it runs, it is done.
   */
  @Test
  void a2AJobThatFailsForLackOfSpaceIsRetriedPastItsLastAttemptAndNeverParked() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    JobHandler shortOfSpace =
        handler(
            "short-of-space",
            job -> {
              if (runs.incrementAndGet() <= 4) {
                throw new java.io.UncheckedIOException(
                    new java.io.IOException("No space left on device"));
              }
            });
    Clock clock = Clock.systemUTC();
    try (Database db = Database.open("", dir)) {
      JobQueue queue = new JobQueue(db, clock);
      try (Workers workers =
          new Workers(
              queue,
              new JobOutcomes(queue, clock, Duration.ofMillis(20)),
              List.of(shortOfSpace),
              1)) {
        workers.start();
        queue.enqueue("short-of-space", "1", 2);
        await("the job to be done", Duration.ofSeconds(30), () -> queue.count(JobState.DONE) == 1);
        assertThat(runs).hasValue(5);
        assertThat(queue.count(JobState.PARKED)).isZero();
      }
    }
  }

  /**
   * RELIABILITY A2: a job whose failure cannot be recorded (the store refuses every write to the
   * jobs table, as a full disk would) leaves its worker thread alive for the next job.
   */
  @Test
  void a2AJobWhoseFailureCannotBeRecordedDoesNotKillItsWorker() throws Exception {
    java.util.concurrent.ConcurrentLinkedQueue<String> threads =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    AtomicInteger failing = new AtomicInteger();
    JobHandler failingJob =
        handler(
            "failing",
            job -> {
              threads.add(Thread.currentThread().getName());
              failing.incrementAndGet();
              throw new IllegalStateException("the relay is down");
            });
    AtomicInteger done = new AtomicInteger();
    JobHandler fine =
        handler(
            "fine",
            job -> {
              threads.add(Thread.currentThread().getName());
              done.incrementAndGet();
            });
    Clock clock = Clock.systemUTC();
    try (Database db = Database.open("", dir)) {
      JobQueue queue = new JobQueue(db, clock);
      try (Workers workers =
          new Workers(
              queue,
              new JobOutcomes(queue, clock, Duration.ofMillis(50)),
              List.of(failingJob, fine),
              1)) {
        queue.enqueue("failing", "1", 3);
        // a claimed job's outcome (retry, park) cannot be written, as on a full disk
        db.jdbi()
            .useHandle(
                h ->
                    h.execute(
                        "CREATE TRIGGER no_outcome BEFORE UPDATE ON jobs WHEN OLD.state ="
                            + " 'running' BEGIN SELECT RAISE(ABORT, 'database or disk is full');"
                            + " END"));
        ch.qos.logback.classic.Logger workersLog =
            (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Workers.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
            new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        workersLog.addAppender(logged);
        try {
          workers.start();
          await(
              "the job's failure to be refused by the store",
              Duration.ofSeconds(20),
              () ->
                  logged.list.stream()
                      .anyMatch(e -> e.getFormattedMessage().contains("cannot be recorded")));
        } finally {
          workersLog.detachAppender(logged);
        }
        assertThat(failing.get()).isEqualTo(1);
        db.jdbi().useHandle(h -> h.execute("DROP TRIGGER no_outcome"));

        queue.enqueue("fine", "2", 3);
        await("the next job to run", Duration.ofSeconds(10), () -> done.get() == 1);
        assertThat(threads)
            .as("one worker ran both")
            .containsExactly("parley-worker-1", "parley-worker-1");
      }
    }
  }

  /**
   * Issue 17: a run's {@link Completion} says who marks its job done. The worker marks a {@code
   * DONE} job done; it leaves a {@code DONE_IN_RUN} job to the run (which marked it in its own
   * transaction) and a {@code LATER} job running, for its handler to settle.
   */
  @Test
  void theWorkerActsOnTheCompletionEachRunReturns() throws Exception {
    Clock clock = Clock.systemUTC();
    try (Database db = Database.open("", dir)) {
      JobQueue queue = new JobQueue(db, clock);
      JobOutcomes outcomes = new JobOutcomes(queue, clock, Duration.ofMillis(50));
      List<Job> later = new java.util.concurrent.CopyOnWriteArrayList<>();
      JobHandler done = completing("done", job -> Completion.DONE);
      JobHandler inRun =
          completing(
              "in-run",
              job -> {
                db.jdbi().useTransaction(h -> queue.complete(h, job));
                return Completion.DONE_IN_RUN;
              });
      JobHandler settlesLater =
          completing(
              "later",
              job -> {
                later.add(job);
                return Completion.LATER;
              });
      try (Workers workers = new Workers(queue, outcomes, List.of(done, inRun, settlesLater), 1)) {
        workers.start();
        queue.enqueue("later", "1", 3);
        await("the later job to run", Duration.ofSeconds(10), () -> later.size() == 1);
        queue.enqueue("in-run", "2", 3);
        queue.enqueue("done", "3", 3);
        // One worker: once both are done, the later job's run returned long before.
        await(
            "the other jobs to be done",
            Duration.ofSeconds(10),
            () -> queue.count(JobState.DONE) == 2);
        assertThat(state(db, "later")).isEqualTo("running");
        assertThat(state(db, "in-run")).isEqualTo("done");
        assertThat(state(db, "done")).isEqualTo("done");

        outcomes.done(later);
        assertThat(state(db, "later")).isEqualTo("done");
      }
    }
  }

  /** A handler whose runs return a completion that will have no effect on the row. */
  private static JobHandler completing(
      String kind, java.util.function.Function<Job, Completion> body) {
    return new JobHandler() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public Completion run(Job job) {
        return body.apply(job);
      }
    };
  }

  private static String state(Database db, String kind) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT state FROM jobs WHERE kind = :kind")
                    .bind("kind", kind)
                    .mapTo(String.class)
                    .one());
  }

  /** A handler of {@code kind} that runs {@code body}. */
  private static JobHandler handler(String kind, java.util.function.Consumer<Job> body) {
    return new JobHandler() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public Completion run(Job job) {
        body.accept(job);
        return Completion.DONE;
      }
    };
  }
}
