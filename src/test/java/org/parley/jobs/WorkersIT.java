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
        new JobHandler() {
          @Override
          public String kind() {
            return "overflowing";
          }

          @Override
          public void run(Job job) {
            runs.incrementAndGet();
            throw new StackOverflowError("deep recursion on one message");
          }
        };
    AtomicInteger done = new AtomicInteger();
    JobHandler fine =
        new JobHandler() {
          @Override
          public String kind() {
            return "fine";
          }

          @Override
          public void run(Job job) {
            done.incrementAndGet();
          }
        };
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
            () -> queue.counts().getOrDefault("parked", 0L) == 1);
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
}
