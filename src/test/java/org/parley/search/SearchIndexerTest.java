package org.parley.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Passwords;
import org.parley.app.Site;
import org.parley.archive.ArchiveWriter;
import org.parley.group.Group;
import org.parley.jobs.Job;
import org.parley.jobs.JobOutcomes;
import org.parley.testkit.JobRows;
import org.parley.testkit.TestClock;
import org.parley.testkit.TestSites;

/**
 * Index jobs complete after the commit that covers them: on a real SQLite store (a site that is not
 * started, so no workers or timer run), with the test playing the worker and the timer, and a clock
 * it moves by hand.
 */
class SearchIndexerTest {
  static final Duration LEASE = Duration.ofMinutes(5);

  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2025-11-30T12:00:00Z"));
  Site site;
  Group group;
  Path indexRoot;
  SearchIndex index;
  SearchIndexer indexer;

  @BeforeEach
  void open() {
    site = Site.open(TestSites.settings(dir, Map.of()), clock, new Passwords(1024, 1));
    group = TestSites.group(site, "news", "ada@example.com");
    indexRoot = dir.resolve("test-index");
    openIndex();
  }

  /** The index and its indexer, as a site builds them; the test calls the timer's commits. */
  void openIndex() {
    index = new SearchIndex(indexRoot, site.reader()::bodies);
    indexer =
        new SearchIndexer(
            site.reader(),
            site.groups(),
            index,
            new JobOutcomes(site.jobs(), clock, Duration.ofSeconds(10)),
            Duration.ofHours(1));
  }

  @AfterEach
  void close() throws Exception {
    index.close();
    site.close();
  }

  /** Claims the due index jobs, as the workers' dispatcher would. */
  List<Job> claimIndexJobs() {
    return site.jobs().claim(100, LEASE).stream()
        .filter(j -> j.kind().equals(ArchiveWriter.INDEX))
        .toList();
  }

  String state(Job job) {
    return JobRows.state(site.db(), job);
  }

  List<String> states(List<Job> jobs) {
    return jobs.stream().map(this::state).toList();
  }

  long found(String words) throws IOException {
    return index
        .search(words, SearchIndex.Scope.of(java.util.Set.of(group.id())), Optional.empty(), 0, 10)
        .total();
  }

  @Test
  void indexJobsAreDoneOnlyOnceOneSharedCommitCoversThem() throws Exception {
    TestSites.submit(site, group, "a@x", "Zebra one", "first zebra");
    TestSites.submit(site, group, "b@x", "Zebra two", "second zebra");
    TestSites.submit(site, group, "c@x", "Zebra three", "third zebra");
    List<Job> jobs = claimIndexJobs();
    assertThat(jobs).hasSize(3); // one per group commit: each post was committed on its own
    index.commit(); // a first, empty commit, as at the start of every site
    long generation = index.commitGeneration();

    for (Job job : jobs) {
      indexer.run(job); // returns at once: the worker is free
    }
    assertThat(index.size()).isEqualTo(3);
    assertThat(states(jobs)).containsOnly("running");
    assertThat(found("zebra")).isZero(); // not searchable, and not durable, before the commit

    indexer.commitPending();
    assertThat(index.commitGeneration()).isEqualTo(generation + 1);
    assertThat(states(jobs)).containsOnly("done");
    assertThat(found("zebra")).isEqualTo(3);

    indexer.commitPending(); // nothing new: no commit
    assertThat(index.commitGeneration()).isEqualTo(generation + 1);
  }

  @Test
  void anIndexJobAddsItsPostsThatExistAndTakesOutThoseThatAreGone() throws Exception {
    TestSites.submit(site, group, "a@x", "Wombat walk", "a wombat went walking");
    TestSites.submit(site, group, "b@x", "Wombat nap", "the wombat slept");
    List<Job> first = claimIndexJobs();
    for (Job job : first) {
      indexer.run(job);
    }
    indexer.commitPending();
    assertThat(found("wombat")).isEqualTo(2);
    long gone = Long.parseLong(first.getLast().payload());
    site.db()
        .jdbi()
        .useHandle(
            h -> {
              h.execute("DELETE FROM post_refs WHERE post_id = ?", gone);
              h.execute("DELETE FROM attachments WHERE post_id = ?", gone);
              h.execute("DELETE FROM posts WHERE id = ?", gone);
            });

    // the kept post and the deleted one in one job, as a redrive of both would give
    long kept = Long.parseLong(first.getFirst().payload());
    Job again =
        site.db()
            .jdbi()
            .inTransaction(
                h ->
                    site.jobs()
                        .enqueueClaimed(h, ArchiveWriter.INDEX, kept + "," + gone, 3, LEASE));
    indexer.run(again);
    indexer.commitPending();

    assertThat(state(again)).isEqualTo("done");
    assertThat(found("wombat")).isEqualTo(1);
    assertThat(found("walking")).isEqualTo(1);
    assertThat(found("slept")).isZero();
  }

  @Test
  void aFailedCommitSendsItsJobsBackToBeRetriedAndTheirPostsAreIndexedThen() throws Exception {
    TestSites.submit(site, group, "d@x", "Quokka census", "a quokka count");
    Job job = claimIndexJobs().getFirst();
    indexer.run(job);

    deleteTree(indexRoot); // the disk under the index fails
    indexer.commitPending();

    assertThat(state(job)).isEqualTo("ready");
    Map<String, Object> row =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT attempts, run_at, last_error FROM jobs WHERE id = :id")
                        .bind("id", job.id())
                        .mapToMap()
                        .one());
    assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
    assertThat(((Number) row.get("run_at")).longValue()).isGreaterThan(clock.millis());
    assertThat((String) row.get("last_error")).isNotBlank();
    assertThat(claimIndexJobs()).isEmpty(); // backing off

    // The index is opened again (the disk was fixed, the site restarted) and the retry comes due.
    try {
      index.close();
    } catch (IOException | RuntimeException broken) {
      // the old writer's files are gone; it cannot close cleanly
    }
    openIndex();
    clock.advance(Duration.ofMinutes(1));
    List<Job> again = claimIndexJobs();
    assertThat(again).extracting(Job::id).containsExactly(job.id());
    assertThat(again.getFirst().attempts()).isEqualTo(2);
    indexer.run(again.getFirst());
    indexer.commitPending();
    assertThat(state(job)).isEqualTo("done");
    assertThat(found("quokka")).isEqualTo(1);
  }

  @Test
  void aWriterThatFailedForGoodIsOpenedAgainWithoutARestartAndLosesNoPost() throws Exception {
    TestSites.submit(site, group, "f@x", "Okapi sighting", "an okapi");
    Job before = claimIndexJobs().getFirst();
    indexer.run(before);
    deleteTree(indexRoot); // the disk under the index fails: the commit fails, and so does Lucene
    indexer.commitPending();
    assertThat(state(before)).isEqualTo("ready");

    // The disk is fixed while the site runs. A job that comes after the failure is indexed and
    // committed, and the retry of the one the failed commit lost is too: no restart needed.
    Files.createDirectories(indexRoot);
    TestSites.submit(site, group, "g@x", "Tapir sighting", "a tapir");
    clock.advance(Duration.ofMinutes(1));
    List<Job> due = claimIndexJobs();
    assertThat(due).hasSize(2);
    for (Job job : due) {
      indexer.run(job);
    }
    indexer.commitPending();
    assertThat(states(due)).containsOnly("done");
    assertThat(found("okapi")).isEqualTo(1);
    assertThat(found("tapir")).isEqualTo(1);
  }

  @Test
  void aPostAddedBeforeTheWriterFailedIsNotCountedDoneByTheNextWritersCommit() throws Exception {
    TestSites.submit(site, group, "h@x", "Pangolin", "a pangolin");
    Job lost = claimIndexJobs().getFirst();
    indexer.run(lost); // added, not committed
    deleteTree(indexRoot);
    assertThat(index.size()).isEqualTo(1);
    try {
      index.commit(); // someone else's commit hits the failure first: the writer is gone
    } catch (IOException | RuntimeException expected) {
      // what the timer would log
    }
    Files.createDirectories(indexRoot);
    TestSites.submit(site, group, "i@x", "Numbat", "a numbat");
    Job next = claimIndexJobs().getFirst();
    indexer.run(next); // opens a new writer; the pangolin went with the old one

    indexer.commitPending();
    assertThat(state(next)).isEqualTo("done");
    assertThat(state(lost)).isEqualTo("ready"); // retried, not marked done for a post not there
    clock.advance(Duration.ofMinutes(1));
    List<Job> retry = claimIndexJobs();
    assertThat(retry).extracting(Job::id).containsExactly(lost.id());
    indexer.run(retry.getFirst());
    indexer.commitPending();
    assertThat(found("pangolin")).isEqualTo(1);
    assertThat(found("numbat")).isEqualTo(1);
  }

  @Test
  void closingCommitsWhatTheJobsAddedAndCompletesThem() throws Exception {
    TestSites.submit(site, group, "e@x", "Armadillo", "an armadillo");
    Job job = claimIndexJobs().getFirst();
    indexer.run(job);

    indexer.close();
    assertThat(state(job)).isEqualTo("done");
    index.close();
    openIndex();
    assertThat(found("armadillo")).isEqualTo(1);
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
