package org.parley.search;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.archive.ArchiveReader;
import org.parley.archive.ArchiveWriter;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.archive.PostsPayload;
import org.parley.archive.Topic;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobOutcomes;
import org.parley.jobs.JobQueue;
import org.parley.jobs.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of the spine: the {@code index} job (payload: a {@link PostsPayload}, one job per group
 * commit) puts archived posts in the {@link SearchIndex}; a post no longer in the archive is taken
 * out. Idempotent: the index keys documents by post id.
 *
 * <p>Index jobs complete {@linkplain Completion#LATER later}: a job adds its posts and frees its
 * worker; one committer thread commits the index (fsync, then a searcher refresh) at most every
 * {@code commitInterval} while something is uncommitted, and on {@link #close}, and marks the jobs
 * that commit covers done, in one statement. So a post is searchable within about one interval of
 * its job, a job is done only once its posts are durable, and a failed commit sends the jobs it
 * covered back to be retried, as does a commit by a new writer (after the old one failed) for the
 * jobs whose posts went to the old one. {@link #rebuild} fills the index from the archive for
 * {@code parley reindex}, and {@link #rebuildIfIncomplete} does so in the background when a site
 * starts with an index that may not hold every post (a fresh directory after a schema change, a
 * lost one, or a rebuild cut short).
 */
public final class SearchIndexer implements JobHandler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
  private static final int TOPIC_PAGE = 500;

  private final ArchiveReader reader;
  private final GroupStore groups;
  private final SearchIndex index;
  private final JobOutcomes outcomes;
  private final long commitMillis;
  private final List<Added> uncommitted = new ArrayList<>(); // guarded by itself
  private final Object tick = new Object();
  private final Object adding = new Object();
  private volatile boolean stopping;
  private Thread rebuilder; // guarded by this
  private Thread committer; // guarded by this

  /**
   * A job whose posts are in the index but not yet committed, and the writer that took them (0 when
   * they went to more than one: a writer failed and was replaced while the job added).
   */
  private record Added(Job job, long writer) {}

  /**
   * @param outcomes settles index jobs once the commit covering them happened (or failed)
   * @param commitInterval how long the committer waits between commits ({@code search_commit_ms})
   */
  public SearchIndexer(
      ArchiveReader reader,
      GroupStore groups,
      SearchIndex index,
      JobOutcomes outcomes,
      Duration commitInterval) {
    this.reader = reader;
    this.groups = groups;
    this.index = index;
    this.outcomes = outcomes;
    this.commitMillis = Math.max(1, commitInterval.toMillis());
  }

  @Override
  public String kind() {
    return ArchiveWriter.INDEX;
  }

  /** Adds (or removes) the job's posts; the next timed commit covers them and completes the job. */
  @Override
  public Completion run(Job job) throws Exception {
    List<PostId> ids = PostsPayload.parse(job.payload()).posts();
    Map<PostId, Post> posts = reader.postsToIndex(ids);
    // One job adds at a time, though several workers may run index jobs: Lucene gives each
    // concurrent adder a segment of its own, so four adders made up to four small segments per
    // commit for the merge threads to merge again (docs/adr/0007). Loading the posts stays
    // parallel.
    long writer = -1;
    synchronized (adding) {
      for (int i = 0; i < ids.size(); i++) {
        Post post = posts.get(ids.get(i));
        long took = post != null ? index.add(post) : index.remove(ids.get(i));
        writer = writer == -1 || writer == took ? took : 0;
      }
    }
    // Only now: a commit that starts after this covers every post the job added.
    synchronized (uncommitted) {
      uncommitted.add(new Added(job, writer));
    }
    return Completion.LATER;
  }

  /** Starts the committer thread; without it, only {@link #close} commits the jobs' posts. */
  public synchronized void start() {
    if (committer != null || stopping) {
      return;
    }
    committer =
        Thread.ofPlatform().name("parley-index-commit").daemon().start(this::commitPeriodically);
  }

  private void commitPeriodically() {
    while (!stopping) {
      try {
        synchronized (tick) {
          if (!stopping) {
            tick.wait(commitMillis);
          }
        }
      } catch (InterruptedException e) {
        return; // closing: close() commits what is left
      }
      if (!stopping) {
        try {
          commitPending();
        } catch (RuntimeException | Error e) {
          log.error("search index {}: cannot commit; trying again", index.directory(), e);
        }
      }
    }
  }

  /**
   * Commits the index if anything is uncommitted, then marks the index jobs whose posts were added
   * before the commit started done, all in one statement; if the commit fails, those jobs are
   * retried with backoff (or parked), like any failed job.
   */
  void commitPending() {
    List<Added> added;
    synchronized (uncommitted) {
      if (uncommitted.isEmpty() && !index.hasUncommittedChanges()) {
        return;
      }
      added = List.copyOf(uncommitted);
      uncommitted.clear();
    }
    long writer;
    try {
      writer = index.commit();
    } catch (IOException | RuntimeException e) {
      log.error(
          "search index {}: commit failed; its {} index jobs will be retried",
          index.directory(),
          added.size(),
          e);
      outcomes.failed(added.stream().map(Added::job).toList(), e);
      return;
    }
    // Posts added through a writer that failed since went with it: not in this commit.
    List<Job> covered = added.stream().filter(a -> a.writer() == writer).map(Added::job).toList();
    List<Job> lost = added.stream().filter(a -> a.writer() != writer).map(Added::job).toList();
    if (!lost.isEmpty()) {
      log.warn(
          "search index {}: {} index jobs added posts to a writer that failed; retrying them",
          index.directory(),
          lost.size());
      outcomes.failed(
          lost,
          new IOException(
              "the search index writer failed before these posts were committed; adding them"
                  + " again"));
    }
    if (!covered.isEmpty()) {
      try {
        outcomes.done(covered);
      } catch (RuntimeException e) {
        // Their posts are in the index; the jobs run again (harmlessly) once their lease runs out.
        log.error(
            "cannot mark {} committed index jobs done; they will run again", covered.size(), e);
      }
    }
  }

  /**
   * Replaces the whole index with every post of the archive, group by group and topic by topic, and
   * commits once at the end (the writer flushes to disk by size meanwhile; in a running site the
   * timed commits also show the progress to searches). Posts archived meanwhile are indexed by
   * their own jobs, so nothing is missed.
   *
   * <p>Topics are indexed on every core (Lucene's writer takes documents from several threads at
   * once, and reading posts and analysing their text is the work): for {@code parley reindex} and
   * an import with the site stopped. A serving site rebuilds on one thread, beside its other work.
   *
   * @return how many posts were indexed
   */
  public int rebuild() throws IOException {
    return rebuild(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  private int rebuild(int threads) throws IOException {
    index.clear();
    index.complete(false);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().name("parley-reindex-", 1).factory());
    try {
      for (Group g : groups.list()) {
        int topics = reader.topicCount(g.id());
        for (int offset = 0; offset < topics; offset += TOPIC_PAGE) {
          List<Topic> page = reader.topics(g.id(), offset, TOPIC_PAGE);
          List<Future<?>> parts = new ArrayList<>(threads);
          for (int first = 0; first < threads; first++) {
            int start = first;
            parts.add(
                pool.submit(
                    () -> {
                      for (int i = start; i < page.size() && !stopping; i += threads) {
                        for (Post p : reader.posts(page.get(i).id())) {
                          // replacing, not appending: an index job may have added it meanwhile
                          index.add(p);
                          n.incrementAndGet();
                        }
                      }
                      return null;
                    }));
          }
          for (Future<?> part : parts) {
            awaitPart(part);
          }
          if (stopping) {
            return n.get(); // still marked incomplete: the next start rebuilds again
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    index.complete(true);
    index.commit();
    return n.get();
  }

  /** Waits for one thread's share of a page of topics, passing on what went wrong in it. */
  private static void awaitPart(Future<?> part) throws IOException {
    try {
      part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the rebuild of the search index was interrupted", e);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new IOException(e.getCause());
      }
    }
  }

  /**
   * Makes every archived post searchable now, for a command that archived posts while the site was
   * stopped ({@code parley import}), instead of at the next start: an index that may not hold the
   * whole archive (a new one) is rebuilt, and then the queued index jobs are done, by adding their
   * posts (or, after a rebuild, which holds them already, by completing them). One commit at the
   * end. Jobs of other kinds are left to the site.
   *
   * @return how many posts were indexed; empty when a serving site holds the index, whose workers
   *     index the posts themselves
   */
  public OptionalInt catchUp(JobQueue jobs) throws Exception {
    if (!index.openUnlessHeld()) {
      return OptionalInt.empty();
    }
    int n = 0;
    boolean rebuilt = false;
    if (!index.isComplete()) {
      n = rebuild();
      rebuilt = true;
    }
    List<Job> coveredByRebuild = new ArrayList<>();
    List<Job> batch;
    while (!(batch = jobs.claimKind(ArchiveWriter.INDEX, 100, Workers.LEASE)).isEmpty()) {
      for (Job job : batch) {
        if (rebuilt) {
          coveredByRebuild.add(job);
        } else {
          run(job);
          n += PostsPayload.parse(job.payload()).posts().size();
        }
      }
    }
    commitPending();
    if (!coveredByRebuild.isEmpty()) {
      outcomes.done(coveredByRebuild);
    }
    return OptionalInt.of(n);
  }

  /**
   * At start-up: unless the index is known to hold the whole archive (a new index directory, a lost
   * one, or a rebuild cut short), rebuilds it on a thread of its own, so the site serves at once
   * and search fills in. An empty archive needs no rebuild: its index is complete as it is.
   */
  public synchronized void rebuildIfIncomplete() throws IOException {
    if (index.isComplete()) {
      return;
    }
    if (groups.list().stream().allMatch(g -> reader.postCount(g.id()) == 0)) {
      index.complete(true);
      index.commit();
      return;
    }
    log.info("search index {} is incomplete; rebuilding it from the archive", index.directory());
    rebuilder =
        Thread.ofPlatform()
            .name("parley-reindex")
            .daemon()
            .start(
                () -> {
                  try {
                    int n = rebuild(1);
                    log.info("search index rebuilt: {} posts", n);
                  } catch (IOException | RuntimeException e) {
                    if (!stopping) {
                      log.error(
                          "search index rebuild failed; run parley reindex with the site stopped",
                          e);
                    }
                  }
                });
  }

  /**
   * Stops a background rebuild and the committer, then commits what index jobs added and completes
   * those jobs. Close the index after this, not before.
   */
  @Override
  public void close() {
    stopping = true;
    synchronized (tick) {
      tick.notifyAll();
    }
    Thread r;
    Thread c;
    synchronized (this) {
      r = rebuilder;
      c = committer;
    }
    for (Thread t : new Thread[] {r, c}) {
      if (t != null) {
        try {
          t.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    commitPending();
  }
}
