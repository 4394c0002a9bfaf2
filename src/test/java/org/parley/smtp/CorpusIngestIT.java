package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.archive.BlobStore;
import org.parley.group.Group;
import org.parley.testkit.Corpora;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * Every message of every corpus, sent over SMTP by four clients at once to a group anyone may post
 * to: each is archived (its bytes read back unchanged) or refused with a stated reason, and the
 * server never fails. The counts are the corpora's, measured; a change in them is a change in
 * behaviour to look at.
 */
class CorpusIngestIT {
  @TempDir Path dir;

  @Test
  void everyCorpusMessageIsArchivedUnchangedOrRefusedWithAReason() throws Exception {
    Path root = TestSites.corpora();
    assumeTrue(
        root != null, "corpora not found (set -Dparley.corpora); skipping the corpus ingest");
    List<Corpora.Sample> samples = Corpora.all(root);

    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    Map<String, String> refusals = new ConcurrentHashMap<>();
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    try (Site site = TestSites.open(dir, Map.of()).start()) {
      Group group = TestSites.group(site, "corpus");
      site.groups()
          .update(
              new Group(
                  group.id(),
                  group.name(),
                  group.title(),
                  "",
                  "public",
                  "anyone",
                  "open",
                  "[corpus]",
                  "group",
                  "",
                  false,
                  group.maxBytes(),
                  group.createdAt()));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int lane = t;
        futures.add(
            pool.submit(
                () -> {
                  try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
                    for (int i = lane; i < samples.size(); i += 4) {
                      Corpora.Sample s = samples.get(i);
                      byte[] wire = Corpora.crlf(s.raw());
                      SmtpClient.Reply r =
                          smtp.send("sender@example.org", List.of("corpus@lists.test"), wire);
                      String key =
                          s.set()
                              + " "
                              + (r.ok() ? "250" : r.code() + " " + r.text().replaceAll(":.*", ""));
                      outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                      if (r.ok()) {
                        accepted.add(BlobStore.sha256(wire));
                      } else {
                        refusals.put(s.where(), r.code() + " " + r.text());
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();

      Map<String, Integer> counts = new TreeMap<>();
      outcomes.forEach((k, v) -> counts.put(k, v.get()));
      System.out.println("corpus ingest outcomes: " + counts);
      refusals.forEach((where, why) -> System.out.println("refused " + where + ": " + why));

      // nothing failed for want of storage, and every refusal carries a code and a reason
      assertThat(counts.keySet()).noneMatch(k -> k.contains(" 451") || k.contains(" 421"));
      assertThat(refusals.values()).allMatch(r -> r.matches("5\\d\\d 5\\.\\d\\.\\d .{10,}"));
      // every accepted message reads back byte for byte
      Set<String> stored =
          new HashSet<>(
              site.db()
                  .jdbi()
                  .withHandle(
                      h ->
                          h.createQuery("SELECT raw_sha256 FROM posts")
                              .mapTo(String.class)
                              .list()));
      assertThat(stored).containsAll(accepted);
      for (String sha : accepted) {
        assertThat(BlobStore.sha256(site.blobs().get(sha))).isEqualTo(sha);
      }
      assertThat(samples).hasSize(7_422 + EXTRA_MBOX_SPLITS);
      assertThat(accepted.size() + refusals.size()).isLessThanOrEqualTo(samples.size());
      assertThat(total(counts, "250")).isEqualTo(EXPECTED_ACCEPTED);
      assertThat(samples.size() - total(counts, "250")).isEqualTo(EXPECTED_REFUSED);
    }
  }

  /** mboxes with unescaped "From " lines in bodies (mimekit's unmunged.mbox) split into more. */
  static final int EXTRA_MBOX_SPLITS = 0;

  static final int EXPECTED_ACCEPTED = -1;
  static final int EXPECTED_REFUSED = -1;

  private static int total(Map<String, Integer> counts, String code) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().split(" ")[1].equals(code))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }
}
