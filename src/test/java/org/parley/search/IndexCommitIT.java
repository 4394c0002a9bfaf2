package org.parley.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.archive.ArchiveWriter;
import org.parley.group.Group;
import org.parley.jobs.Job;
import org.parley.jobs.JobOutcomes;
import org.parley.testkit.TestSites;

/**
 * Timed index commits in running sites: the workers are free while index jobs wait for their
 * commit, one commit covers them all, and a job whose posts were never committed (the process died)
 * runs again at the next start.
 */
class IndexCommitIT {
  @TempDir Path dir;
  Site site;

  @AfterEach
  void close() {
    if (site != null) {
      site.close();
    }
  }

  static Map<String, Long> indexJobs(Site site) {
    Map<String, Long> out = new java.util.TreeMap<>();
    site.db()
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT state, COUNT(*) AS n FROM jobs WHERE kind = :kind GROUP BY state")
                    .bind("kind", ArchiveWriter.INDEX)
                    .map((rs, ctx) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                    .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  static long found(Site site, Group group, String words) {
    try {
      return site.searchIndex()
          .search(words, SearchIndex.Scope.of(Set.of(group.id())), Optional.empty(), 0, 10)
          .total();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void workersAreFreeWhileIndexJobsWaitForTheOneCommitThatCompletesThemAll() throws Exception {
    // A commit interval far longer than the test: until the site closes, nothing is committed.
    site = TestSites.open(dir, Map.of("PARLEY_SEARCH_COMMIT_MS", "60000")).start();
    Group group = TestSites.group(site, "news", "ada@example.com");
    long generation = site.searchIndex().commitGeneration();

    for (int i = 0; i < 10; i++) {
      TestSites.submit(site, group, "p" + i + "@x", "p" + i + "@x", "a pangolin");
    }
    // Ten jobs on four workers: none of them waits for the commit, or this would never happen.
    await("the ten posts to be added", Duration.ofSeconds(20), () -> sizeIs(10));
    assertThat(indexJobs(site)).isEqualTo(Map.of("running", 10L));
    assertThat(found(site, group, "pangolin")).isZero();
    assertThat(site.searchIndex().commitGeneration()).isEqualTo(generation);

    site.close(); // commits once, and completes the jobs
    site = TestSites.open(dir, Map.of());
    assertThat(indexJobs(site)).isEqualTo(Map.of("done", 10L));
    assertThat(found(site, group, "pangolin")).isEqualTo(10);
    assertThat(site.searchIndex().commitGeneration()).isEqualTo(generation + 1);
  }

  private boolean sizeIs(int n) {
    try {
      return site.searchIndex().size() == n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aJobWhosePostsWereNeverCommittedRunsAgainAtTheNextStart() throws Exception {
    // The first run: the test is the worker, and the process dies before any timed commit.
    site = TestSites.open(dir, Map.of());
    SearchIndexer indexer =
        new SearchIndexer(
            site.reader(),
            site.groups(),
            site.searchIndex(),
            new JobOutcomes(site.jobs(), Clock.systemUTC(), Duration.ofSeconds(10)),
            Duration.ofHours(1));
    indexer.rebuildIfIncomplete(); // an empty archive: the index is complete, as at a start
    Group group = TestSites.group(site, "news", "ada@example.com");
    TestSites.submit(site, group, "lost@x", "lost@x", "an okapi");
    Job job =
        site.jobs().claim(10, Duration.ofMinutes(5)).stream()
            .filter(j -> j.kind().equals(ArchiveWriter.INDEX))
            .findFirst()
            .orElseThrow();
    indexer.run(job);
    assertThat(site.searchIndex().size()).isEqualTo(1);
    site.searchIndex().close(); // the crash: what was not committed is gone
    site.close();
    site = null;

    site = TestSites.open(dir, Map.of());
    assertThat(site.searchIndex().size()).isZero();
    assertThat(indexJobs(site)).isEqualTo(Map.of("running", 1L));
    site.close();

    site = TestSites.open(dir, Map.of()).start();
    await(
        "the okapi to be found",
        Duration.ofSeconds(20),
        () -> found(site, group, "okapi") == 1 && indexJobs(site).equals(Map.of("done", 1L)));
    int attempts =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT attempts FROM jobs WHERE id = :id")
                        .bind("id", job.id())
                        .mapTo(Integer.class)
                        .one());
    assertThat(attempts).isEqualTo(2);
  }
}
