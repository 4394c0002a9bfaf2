package org.parley.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.app.Site;
import org.parley.group.Visibility;
import org.parley.search.SearchIndex;
import org.parley.testkit.TestSites;

/**
 * {@code parley import} of a real list's archive (util-linux, 3,509 messages): it is imported
 * whole, threaded as its References say, mails nobody, and imports nothing the second time; an
 * import killed midway and run again ends with the same archive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow") // imports a real archive of 26 MB three times: well over a minute on a busy machine
class ImportUtilLinuxIT {
  @TempDir static Path dir;

  Path mbox;
  Path first;
  String firstImport;

  @BeforeAll
  void importUtilLinuxOnce() {
    Path corpora = TestSites.corpora();
    Assumptions.assumeTrue(
        corpora != null && Files.exists(corpora.resolve("lore-util-linux/util-linux.mbox")),
        "the corpora (../shared/corpora/lore-util-linux) are not here");
    mbox = corpora.resolve("lore-util-linux/util-linux.mbox");
    first = dir.resolve("first");
    ImportIT.site(first, "util-linux", Visibility.PUBLIC);
    ImportIT.Run run =
        ImportIT.cli("import", "--data", first.toString(), "util-linux", mbox.toString());
    assertThat(run.code()).as(run.err()).isZero();
    firstImport = run.out();
  }

  /**
   * Every post as what the archive must agree on whatever order its commits took: its Message-ID,
   * its bytes' hash, its parent's Message-ID and its topic's first post's Message-ID.
   */
  static List<String> archive(Site site) {
    return ImportIT.jdbi(site)
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT p.message_id || ' ' || p.raw_sha256 || ' parent='"
                            + " || COALESCE(par.message_id, '-') || ' topic=' || (SELECT"
                            + " f.message_id FROM posts f WHERE f.topic_id = p.topic_id ORDER BY"
                            + " f.id LIMIT 1) FROM posts p LEFT JOIN posts par ON par.id ="
                            + " p.parent_id ORDER BY 1")
                    .mapTo(String.class)
                    .list());
  }

  @Test
  void everyMessageIsImportedThreadedAsItsReferencesSayAndNobodyIsMailed() throws Exception {
    assertThat(firstImport)
        .contains("imported 3509 post(s) into util-linux")
        .contains("duplicates (already archived): 0")
        .contains("refused: 0")
        .contains("files read: 1");
    try (Site site = TestSites.open(first, Map.of())) {
      assertThat(ImportIT.count(site, "SELECT COUNT(*) FROM posts")).isEqualTo(3509);
      // 23 Message-IDs come twice, each time with other bytes (another copy of the mail as it
      // reached the list): each copy is kept, as the archive keeps a reused Message-ID
      assertThat(ImportIT.count(site, "SELECT COUNT(DISTINCT message_id) FROM posts"))
          .isEqualTo(3486);
      assertThat(ImportIT.count(site, "SELECT COUNT(*) FROM posts WHERE source <> 'import'"))
          .isZero();
      // every reply whose parent is in the archive is in its parent's topic, under it
      long replies =
          ImportIT.count(
              site,
              "SELECT COUNT(*) FROM posts c WHERE EXISTS (SELECT 1 FROM posts p WHERE"
                  + " p.group_id = c.group_id AND p.message_id = c.in_reply_to)");
      assertThat(replies).isGreaterThan(1900);
      long threaded =
          ImportIT.count(
              site,
              "SELECT COUNT(*) FROM posts c JOIN posts p ON p.id = c.parent_id WHERE"
                  + " p.message_id = c.in_reply_to AND p.topic_id = c.topic_id");
      assertThat(threaded).isEqualTo(replies);
      // no copy, digest or notice is queued for anyone
      assertThat(ImportIT.count(site, "SELECT COUNT(*) FROM jobs WHERE kind <> 'index'")).isZero();
      assertThat(ImportIT.count(site, "SELECT COUNT(*) FROM outbound")).isZero();
      assertThat(ImportIT.count(site, "SELECT COUNT(*) FROM outgoing_mail")).isZero();
      // with the site stopped, the import indexed every post itself before it ended: the site
      // starts with nothing left to index and rebuilds nothing
      assertThat(firstImport).contains("search: 3509 post(s) indexed");
      assertThat(ImportIT.count(site, "SELECT COUNT(*) FROM jobs WHERE state <> 'done'")).isZero();
      site.start();
      assertThat(site.searchIndex().isComplete()).isTrue();
      assertThat(site.searchIndex().size()).isEqualTo(3509);
      assertThat(
              site.searchIndex()
                  .search(
                      "fdisk",
                      SearchIndex.Scope.of(Set.of(site.groups().list().getFirst().id())),
                      Optional.empty(),
                      0,
                      10)
                  .total())
          .isGreaterThan(10);
      assertThat(ImportIT.count(site, "SELECT COUNT(*) FROM outbound")).isZero();
      assertThat(ImportIT.count(site, "SELECT COUNT(*) FROM outgoing_mail")).isZero();
    }

    ImportIT.Run again =
        ImportIT.cli("import", "--data", first.toString(), "util-linux", mbox.toString());

    assertThat(again.code()).isZero();
    assertThat(again.out())
        .contains("imported 0 post(s)")
        .contains("duplicates (already archived): 3509");
  }

  /**
   * SIGKILL (kill -9: nothing runs) and SIGTERM (as Ctrl-C's SIGINT: the JVM's shutdown hooks run,
   * and the command says how to finish).
   */
  @ParameterizedTest(name = "SIGKILL: {0}")
  @ValueSource(booleans = {true, false})
  void anImportKilledMidwayAndRunAgainEndsWithTheSameArchive(boolean sigkill) throws Exception {
    Path second = dir.resolve("second-" + sigkill);
    ImportIT.site(second, "util-linux", Visibility.PUBLIC);
    Path log = dir.resolve("import-" + sigkill + ".log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "org.parley.Parley",
                "import",
                "--data",
                second.toString(),
                "util-linux",
                mbox.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try (Site watch = TestSites.open(second, Map.of())) {
      // kill it once some posts are committed, and before it is done
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !p.isAlive() || ImportIT.count(watch, "SELECT COUNT(*) FROM posts") > 300);
    }
    boolean killedMidway = p.isAlive();
    if (sigkill) {
      p.destroyForcibly(); // no shutdown hook runs
    } else {
      p.destroy();
    }
    p.waitFor(30, TimeUnit.SECONDS);
    if (killedMidway && !sigkill) {
      assertThat(Files.readString(log))
          .containsAnyOf("Run the same command again to finish", "indexing stopped");
    }

    ImportIT.Run again =
        ImportIT.cli("import", "--data", second.toString(), "util-linux", mbox.toString());

    assertThat(again.code()).as(again.err()).isZero();
    try (Site a = TestSites.open(first, Map.of());
        Site b = TestSites.open(second, Map.of())) {
      assertThat(archive(b)).hasSize(3509).isEqualTo(archive(a));
    }
  }
}
