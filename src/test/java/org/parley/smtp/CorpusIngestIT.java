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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.archive.BlobStore;
import org.parley.group.Group;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.testkit.Corpora;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * Every message of every corpus, sent over SMTP by four clients at once to a group anyone may post
 * to: each is archived (its bytes read back unchanged) or refused with a stated reason, and the
 * server never fails. The counts are the corpora's, measured; a change in them is a change in
 * behaviour to look at.
 */
@Tag("slow") // a corpus
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
      site.groups().update(group.withPosting(Posting.ANYONE, ReplyTo.GROUP));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int lane = t;
        futures.add(
            pool.submit(
                () -> {
                  // as an MTA: most of these are refused, and a session ends after 20 refusals in
                  // a row, so the client connects again and goes on (SmtpClient.deliver)
                  try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
                    for (int i = lane; i < samples.size(); i += 4) {
                      Corpora.Sample s = samples.get(i);
                      byte[] wire = Corpora.crlf(s.raw());
                      SmtpClient.Reply r =
                          smtp.deliver("sender@example.org", List.of("corpus@lists.test"), wire);
                      // A message that quotes another of the corpus whole is refused as an
                      // automatic reply when the one it quotes arrived first, by another lane,
                      // within the rule's window: which one comes first changes from run to run,
                      // so such a refusal is counted as the 250 it is when it comes first.
                      boolean quoteRace = !r.ok() && r.text().contains("quotes a post of this");
                      String key =
                          s.set()
                              + " "
                              + (r.ok() || quoteRace
                                  ? "250"
                                  : r.code() + " " + r.text().replaceAll(":.*", ""));
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
      // 7,422 in the corpora README, plus one: mimekit's unmunged.mbox has an unescaped
      // "From " line after a blank line in a body, which mboxrd reads as a new message
      assertThat(samples).hasSize(7_423);
      assertThat(counts).isEqualTo(EXPECTED);
    }
  }

  /**
   * Measured. The three lore archives are copies received from their lists ({@code Precedence:
   * list} or {@code bulk}), so our {@code auto-submitted} rule refuses them at the door, as it
   * should for a list forwarding into a list; {@link #theSameMailImportedIsArchivedAndThreaded}
   * archives them through the import path. Bounces, read receipts and other reports ({@code
   * multipart/report}) are refused by the same rule. The one 554 is mimekit's stack-overflow.eml,
   * whose To field unfolds to about 135,000 characters.
   */
  static final Map<String, Integer> EXPECTED =
      Map.ofEntries(
          Map.entry("enmime-testdata 250", 79),
          Map.entry(
              "lore-jailhouse-dev-2021 550 5.7.1 This group does not take automatic mail", 884),
          Map.entry("lore-usrp-users-2021 550 5.7.1 This group does not take automatic mail", 2320),
          Map.entry("lore-util-linux 550 5.7.1 This group does not take automatic mail", 3509),
          Map.entry("mime4j-testmsgs 250", 79),
          Map.entry("mime4j-testmsgs 550 5.7.1 This group does not take automatic mail", 6),
          Map.entry("mimekit-testdata 250", 61),
          Map.entry("mimekit-testdata 550 5.7.1 This group does not take automatic mail", 14),
          Map.entry(
              "mimekit-testdata 554 5.6.0 the message has a header field (To) longer than 100000"
                  + " characters",
              1),
          Map.entry("notmuch-test-corpora 250", 93),
          Map.entry("notmuch-test-corpora 550 5.7.1 This group does not take automatic mail", 227),
          Map.entry("python-test-email 250", 41),
          Map.entry("python-test-email 550 5.7.1 This group does not take automatic mail", 6),
          Map.entry("ruby-mail-fixtures 250", 96),
          Map.entry("ruby-mail-fixtures 550 5.7.1 This group does not take automatic mail", 7));

  /**
   * The same corpora through the import path (as a migration from another list would bring them):
   * everything but the one over-long header is archived, one group per set, and every reply whose
   * parent is archived sits in its parent's topic.
   */
  @Test
  void theSameMailImportedIsArchivedAndThreaded() throws Exception {
    Path root = TestSites.corpora();
    assumeTrue(
        root != null, "corpora not found (set -Dparley.corpora); skipping the corpus import");
    List<Corpora.Sample> samples = Corpora.all(root);
    Map<String, Integer> archived = new TreeMap<>();
    Map<String, Integer> refused = new TreeMap<>();
    try (Site site = TestSites.open(dir, Map.of())) {
      Map<String, Group> groups = new TreeMap<>();
      for (Corpora.Sample s : samples) {
        Group g =
            groups.computeIfAbsent(
                s.set(), set -> TestSites.group(site, set.toLowerCase(java.util.Locale.ROOT)));
        IngestResult r =
            site.ingestor()
                .submit(
                    new Submission(
                        g.name(),
                        Corpora.crlf(s.raw()),
                        new Envelope("", List.of(), "import"),
                        Source.IMPORT));
        (r instanceof IngestResult.Accepted ? archived : refused).merge(s.set(), 1, Integer::sum);
      }
      System.out.println("corpus import: archived " + archived + ", refused " + refused);
      assertThat(refused).isEqualTo(Map.of("mimekit-testdata", 1));
      assertThat(archived)
          .containsEntry("lore-usrp-users-2021", 2320)
          .containsEntry("lore-util-linux", 3509)
          .containsEntry("lore-jailhouse-dev-2021", 884);
      int misplaced =
          site.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM posts c JOIN posts p ON p.group_id = c.group_id"
                                  + " AND p.message_id = c.in_reply_to WHERE c.topic_id <> p.topic_id"
                                  + " AND (SELECT COUNT(*) FROM posts d WHERE d.group_id = p.group_id"
                                  + " AND d.message_id = p.message_id) = 1")
                          .mapTo(Integer.class)
                          .one());
      int threaded =
          site.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM posts c JOIN posts p ON p.group_id = c.group_id"
                                  + " AND p.message_id = c.in_reply_to")
                          .mapTo(Integer.class)
                          .one());
      System.out.println(
          "replies with an archived parent: " + threaded + ", in another topic: " + misplaced);
      assertThat(threaded).isGreaterThan(4_000);
      assertThat(misplaced).isZero();
    }
  }
}
