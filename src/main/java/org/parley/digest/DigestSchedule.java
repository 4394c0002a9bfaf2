package org.parley.digest;

import org.jdbi.v3.core.Jdbi;
import org.parley.db.Database;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;

/**
 * The job {@value #KIND}, due at each midnight (UTC): closes the periods that ended ({@link
 * Digests#closeEnded}: every daily group's, and on Mondays every weekly group's), then enqueues
 * itself for the next midnight and marks itself done in one transaction, so the schedule goes on by
 * itself and a run repeated after a crash adds no second schedule. The site makes sure one waits at
 * start-up ({@link Digests#ensureScheduled}). The job's clock is the queue's: a test that moves the
 * site's clock past midnight sees it run.
 */
public final class DigestSchedule implements JobHandler {
  public static final String KIND = "digest-schedule";

  private final Digests digests;
  private final JobQueue jobs;
  private final Jdbi jdbi;

  public DigestSchedule(Digests digests, JobQueue jobs, Database db) {
    this.digests = digests;
    this.jobs = jobs;
    this.jdbi = db.jdbi();
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Completion run(Job job) {
    digests.closeEnded(); // each group in a transaction of its own; again it closes nothing twice
    jdbi.useTransaction(
        h -> {
          digests.scheduleNext(h);
          jobs.complete(h, job);
        });
    return Completion.DONE_IN_RUN;
  }
}
