package org.parley.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.parley.archive.Post;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.parley.search.SearchIndex;

/**
 * The search index alone, as intake drives it: posts added one by one and committed every {@code
 * --commit-every} posts (about a second's worth at intake speed), {@code --warmup} posts first and
 * then {@code --count} timed ones. Prints the process CPU per post, Lucene's merge threads
 * included, which is steadier on a shared machine than wall time. Parsing is done before timing.
 */
public final class IndexBench {
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path mbox = Path.of(args.get("mbox", "target/gen-20000.mbox"));
    int warmup = args.integer("warmup", 20_000);
    int count = args.integer("count", 20_000);
    int every = args.integer("commit-every", 500);

    MessageParser parser = new MessageParser(Limits.defaults());
    List<Post> posts = new ArrayList<>();
    long id = 1;
    for (byte[] raw : Mails.mbox(mbox)) {
      if (posts.size() == warmup + count) {
        break;
      }
      ParsedMessage m = parser.parse(raw);
      Instant when = m.date() != null ? m.date() : Instant.now();
      posts.add(Mails.post(id, m, raw.length, when, m.html()));
      id++;
    }
    count = Math.min(count, posts.size() - warmup);

    Path dir = Sites.tempDir("parley-index-");
    try {
      // the bench never searches, so no snippet needs a body
      SearchIndex index = new SearchIndex(dir, ids -> Map.of());
      run(index, posts.subList(0, warmup), every);
      CpuAccount cpu = new CpuAccount();
      long t0 = System.nanoTime();
      run(index, posts.subList(warmup, warmup + count), every);
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "RESULT index: %d posts in %.2f s = %.0f posts/s, commit every %d; %s%n",
          count, secs, count / secs, every, cpu.perUnit(count));
      System.out.printf("index size %.1f MB%n", Sites.size(dir) / 1e6);
      index.close();
    } finally {
      Sites.delete(dir);
    }
  }

  private static void run(SearchIndex index, List<Post> posts, int every) throws Exception {
    int n = 0;
    for (Post p : posts) {
      index.add(p);
      if (++n % every == 0) {
        index.commit();
      }
    }
    index.commit();
  }
}
