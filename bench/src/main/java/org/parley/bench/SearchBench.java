package org.parley.bench;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.parley.archive.PostId;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.parley.search.SearchIndex;
import org.parley.testkit.Mboxrd;

/**
 * What the hostile queries of issue 16 (C10) cost on a large index: the synthetic archive's posts
 * ({@code --count}, 100,000) indexed once, then each query searched {@code --runs} times after a
 * round of warm-up, as {@code /search} does (one group, best match first, a page of 20 with its
 * snippets). Prints the CPU time of the searching thread per query (median and most), the wall
 * time, the hits, whether the time budget stopped it, and the notice. {@code --budget-ms} sets the
 * search's time budget (Parley's default unless given), so a run with a large one shows what a
 * query would cost unbounded. The mbox is read in pieces, so 100,000 posts fit in the heap.
 */
public final class SearchBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path mbox = Path.of(args.get("mbox", "target/gen-100000.mbox"));
    int count = args.integer("count", 100_000);
    int runs = args.integer("runs", 5);
    int budgetMs = args.integer("budget-ms", (int) SearchIndex.TIME_BUDGET.toMillis());

    MessageParser parser = new MessageParser(Limits.defaults());
    Map<PostId, String> bodies = new HashMap<>();
    Path dir = Sites.tempDir("parley-search-");
    try {
      SearchIndex index = new SearchIndex(dir, ids -> pick(bodies, ids));
      long t0 = System.nanoTime();
      long[] id = {1};
      messages(
          mbox,
          raw -> {
            if (id[0] > count) {
              return;
            }
            try {
              ParsedMessage m = parser.parse(raw);
              Instant when = m.date() != null ? m.date() : Instant.EPOCH;
              PostId post = new PostId(id[0]);
              bodies.put(post, m.text());
              index.add(Mails.post(id[0], m, raw.length, when, null));
              if (id[0] % 5000 == 0) {
                index.commit();
              }
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            id[0]++;
          });
      index.commit();
      System.out.printf(
          "indexed %d posts in %.0f s; index %.0f MB%n",
          index.size(), (System.nanoTime() - t0) / 1e9, Sites.size(dir) / 1e6);

      List<String> common = commonWords(dir.resolve("v" + SearchIndex.SCHEMA_VERSION), 1000);
      Map<String, String> queries = queries(common);
      index.timeBudget(Duration.ofMillis(budgetMs));
      SearchIndex.Scope scope = SearchIndex.Scope.of(Set.of(1L));
      Map<String, List<long[]>> times = new LinkedHashMap<>();
      Map<String, SearchIndex.Results> last = new HashMap<>();
      for (int round = 0; round <= runs; round++) { // round 0 warms up
        for (Map.Entry<String, String> q : queries.entrySet()) {
          long cpu = THREADS.getCurrentThreadCpuTime();
          long wall = System.nanoTime();
          SearchIndex.Results r = index.search(q.getValue(), scope, Optional.empty(), 0, 20);
          long[] spent = {
            THREADS.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall, r.stopped() ? 1 : 0
          };
          if (round > 0) {
            times.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add(spent);
          } else {
            System.out.printf("warm-up %-28s cpu %6.1f ms%n", q.getKey(), spent[0] / 1e6);
          }
          last.put(q.getKey(), r);
        }
      }
      System.out.printf(
          "RESULT search, %d posts, time budget %d ms, %d runs each (after a warm-up round):%n",
          index.size(), budgetMs, runs);
      System.out.println(
          "| query | CPU median | CPU max | wall max | hits | stopped (runs) | notice |");
      System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
      for (Map.Entry<String, List<long[]>> e : times.entrySet()) {
        long[] cpu = e.getValue().stream().mapToLong(t -> t[0]).sorted().toArray();
        long wallMax = e.getValue().stream().mapToLong(t -> t[1]).max().orElse(0);
        long stopped = e.getValue().stream().mapToLong(t -> t[2]).sum();
        SearchIndex.Results r = last.get(e.getKey());
        String notice = r.notice().orElse("").replace("|", "/");
        System.out.printf(
            "| %s | %.1f ms | %.1f ms | %.1f ms | %d | %d | %s |%n",
            e.getKey(),
            cpu[cpu.length / 2] / 1e6,
            cpu[cpu.length - 1] / 1e6,
            wallMax / 1e6,
            r.total(),
            stopped,
            notice.length() > 60 ? notice.substring(0, 60) + "…" : notice);
      }
      index.close();
    } finally {
      Sites.delete(dir);
    }
  }

  private static Map<PostId, String> pick(Map<PostId, String> bodies, List<PostId> ids) {
    Map<PostId, String> out = new HashMap<>();
    for (PostId p : ids) {
      String b = bodies.get(p);
      if (b != null) {
        out.put(p, b);
      }
    }
    return out;
  }

  /** The queries: C10's hostile ones, the costliest that the rules let through, and plain ones. */
  private static Map<String, String> queries(List<String> common) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("regex /[\\w\\W]{1,99999}/", "/[\\w\\W]{1,99999}/");
    q.put("regex /.*e.*/", "/.*e.*/");
    q.put("*a*b*c*", "*a*b*c*");
    q.put("t* (one letter)", "t*");
    q.put("th*", "th*");
    q.put("4 wildcards OR'd", "th* OR co* OR re* OR in*");
    q.put("8 wildcards OR'd", "th* OR co* OR re* OR in* OR de* OR pr* OR st* OR ma*");
    q.put(
        "30 common words~2 OR'd",
        common.subList(0, 30).stream().map(w -> w + "~2").collect(Collectors.joining(" OR ")));
    q.put(
        "4 common words~2 OR'd",
        common.subList(0, 4).stream().map(w -> w + "~2").collect(Collectors.joining(" OR ")));
    q.put("1,000 common words OR'd", String.join(" OR ", common));
    q.put("64 common words OR'd", String.join(" OR ", common.subList(0, 64)));
    q.put("64 common words AND", String.join(" ", common.subList(0, 64)));
    q.put("100 KB of a common word", (common.get(0) + " ").repeat(100_000 / 4));
    q.put(
        "sloppy phrase of 4 common words",
        "\"" + String.join(" ", common.subList(0, 4)) + "\"~1000");
    q.put("[a TO z]", "[a TO z]");
    q.put("a common word", common.get(0));
    q.put("two middling words", common.get(200) + " " + common.get(300));
    return q;
  }

  /** The {@code n} words of the body field in the most posts, most first (letters only). */
  private static List<String> commonWords(Path index, int n) throws Exception {
    PriorityQueue<Object[]> top =
        new PriorityQueue<>((a, b) -> Integer.compare((int) a[1], (int) b[1]));
    try (FSDirectory d = FSDirectory.open(index);
        DirectoryReader r = DirectoryReader.open(d)) {
      Terms terms = MultiTerms.getTerms(r, "body");
      TermsEnum te = terms.iterator();
      for (BytesRef t = te.next(); t != null; t = te.next()) {
        String w = t.utf8ToString();
        if (w.length() < 2 || !w.chars().allMatch(Character::isLetter)) {
          continue;
        }
        top.add(new Object[] {w, te.docFreq()});
        if (top.size() > n) {
          top.poll();
        }
      }
    }
    Object[][] sorted = top.toArray(new Object[0][]);
    Arrays.sort(sorted, (a, b) -> Integer.compare((int) b[1], (int) a[1]));
    List<String> out = new ArrayList<>();
    for (Object[] o : sorted) {
      out.add((String) o[0]);
    }
    return out;
  }

  /** Each message of an mboxrd file, read in pieces of about 32 MB cut at a From_ line. */
  static void messages(Path mbox, Consumer<byte[]> each) throws Exception {
    byte[] separator = "\n\nFrom ".getBytes(StandardCharsets.US_ASCII);
    try (InputStream in = Files.newInputStream(mbox)) {
      byte[] carry = new byte[0];
      byte[] buf = new byte[32 << 20];
      while (true) {
        int n = in.readNBytes(buf, 0, buf.length);
        byte[] all = Arrays.copyOf(carry, carry.length + n);
        System.arraycopy(buf, 0, all, carry.length, n);
        if (n == 0) {
          if (all.length > 0) {
            Mboxrd.split(all).forEach(each);
          }
          return;
        }
        int cut = lastIndexOf(all, separator);
        if (cut < 0) {
          carry = all;
          continue;
        }
        Mboxrd.split(Arrays.copyOf(all, cut + 2)).forEach(each);
        carry = Arrays.copyOfRange(all, cut + 2, all.length);
      }
    }
  }

  private static int lastIndexOf(byte[] in, byte[] what) {
    outer:
    for (int i = in.length - what.length; i >= 0; i--) {
      for (int k = 0; k < what.length; k++) {
        if (in[i + k] != what[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
