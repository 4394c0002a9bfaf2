package org.parley.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.parley.archive.ArchiveReader;
import org.parley.archive.ArchiveWriter;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.archive.Topic;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.PermanentJobFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5 of the spine: the {@code index} job (payload: a post id) puts an archived post in the
 * {@link SearchIndex}; a post no longer in the archive is taken out. Idempotent: the index keys
 * documents by post id. {@link #rebuild} fills the index from the archive for {@code parley
 * reindex}, and {@link #rebuildIfIncomplete} does so in the background when a site starts with an
 * index that may not hold every post (a fresh directory after a schema change, a lost one, or a
 * rebuild cut short).
 */
public final class SearchIndexer implements JobHandler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
  private static final int TOPIC_PAGE = 500;
  private static final int COMMIT_EVERY = 5_000;

  private final ArchiveReader reader;
  private final GroupStore groups;
  private final SearchIndex index;
  private volatile boolean stopping;
  private Thread rebuilder; // guarded by this

  public SearchIndexer(ArchiveReader reader, GroupStore groups, SearchIndex index) {
    this.reader = reader;
    this.groups = groups;
    this.index = index;
  }

  @Override
  public String kind() {
    return ArchiveWriter.INDEX;
  }

  @Override
  public void run(Job job) throws Exception {
    List<PostId> ids = new ArrayList<>();
    try {
      for (String part : job.payload().split(",")) {
        ids.add(new PostId(Long.parseLong(part.trim())));
      }
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure(
          "an index job needs post ids, comma-separated, not: " + job.payload());
    }
    for (PostId id : ids) {
      var post = reader.post(id);
      if (post.isPresent()) {
        index.add(post.get());
      } else {
        index.remove(id);
      }
    }
    index.commit();
  }

  /**
   * Replaces the whole index with every post of the archive, group by group and topic by topic.
   * Posts archived meanwhile are indexed by their own jobs, so nothing is missed.
   *
   * @return how many posts were indexed
   */
  public int rebuild() throws IOException {
    index.clear();
    index.complete(false);
    int n = 0;
    for (Group g : groups.list()) {
      int topics = reader.topicCount(g.id());
      for (int offset = 0; offset < topics; offset += TOPIC_PAGE) {
        for (Topic t : reader.topics(g.id(), offset, TOPIC_PAGE)) {
          if (stopping) {
            index.commit();
            return n;
          }
          List<Post> posts = reader.posts(t.id());
          for (Post p : posts) {
            index.add(p);
            if (++n % COMMIT_EVERY == 0) {
              index.commit();
            }
          }
        }
      }
    }
    index.complete(true);
    index.commit();
    return n;
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
                    int n = rebuild();
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

  /** Stops a background rebuild (what it indexed so far is committed). */
  @Override
  public void close() {
    stopping = true;
    Thread t;
    synchronized (this) {
      t = rebuilder;
    }
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
