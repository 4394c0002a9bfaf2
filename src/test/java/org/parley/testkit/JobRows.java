package org.parley.testkit;

import org.parley.db.Database;
import org.parley.jobs.Job;

/** What the jobs table says of a job, for tests that check how it was settled. */
public final class JobRows {
  private JobRows() {}

  /** The job's state: ready, running, done or parked. */
  public static String state(Database db, Job job) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT state FROM jobs WHERE id = :id")
                    .bind("id", job.id())
                    .mapTo(String.class)
                    .one());
  }
}
