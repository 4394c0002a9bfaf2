package org.parley.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.cli.Cli;
import org.parley.group.GroupName;
import org.parley.group.Visibility;
import org.parley.testkit.TestSites;

/**
 * {@code parley import} as an owner runs it on small files of each format, and into a private group
 * while the site runs: its imported posts stay private and are indexed by the running site. The
 * real list's archive is {@link ImportUtilLinuxIT}'s.
 */
class ImportIT {
  static final Path DIR = MboxReaderTest.DIR;

  @TempDir static Path dir;

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A new site in {@code data} with a group of one member who takes every post by mail. */
  static void site(Path data, String group, Visibility visibility) {
    try {
      Files.createDirectories(data);
      Files.writeString(data.resolve("parley.conf"), "domain = " + TestSites.DOMAIN + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (Site site = TestSites.open(data, Map.of())) {
      site.groups().create(new GroupName(group), group, "", visibility);
      org.parley.account.Account a =
          site.accounts().ensure(org.parley.account.EmailAddress.of("reader@example.org"), "");
      site.members()
          .add(
              site.groups().find(new GroupName(group)).orElseThrow().id(),
              a.id(),
              org.parley.member.Role.MEMBER,
              org.parley.member.DeliveryMode.EACH);
    }
  }

  static Jdbi jdbi(Site site) {
    return site.db().jdbi();
  }

  static long count(Site site, String sql) {
    return jdbi(site).withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void aPrivateGroupsImportedPostsAreNotFoundByAVisitor() throws Exception {
    Path data = dir.resolve("private");
    site(data, "hidden", Visibility.PRIVATE);
    try (Site site = TestSites.open(data, Map.of())) {
      site.start();
      // imported while the site runs on the same data directory
      Run run =
          cli(
              "import",
              "--data",
              data.toString(),
              "hidden",
              DIR.resolve("eml").toString(),
              DIR.resolve("maildir").toString());
      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).contains("imported 5 post(s)").contains("2 skipped: no mail");
      List<long[]> posts =
          jdbi(site)
              .withHandle(
                  h ->
                      h.createQuery("SELECT id, topic_id FROM posts")
                          .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                          .list());
      assertThat(posts).hasSize(5);
      // the running site indexes them from the jobs the import queued
      await().atMost(Duration.ofSeconds(30)).until(() -> site.searchIndex().size() == 5);
      HttpClient http = HttpClient.newHttpClient();
      for (long[] post : posts) {
        for (String path :
            List.of(
                "/g/hidden/t/" + post[1] + "/", "/g/hidden/m/eml1@example.org/", "/g/hidden/")) {
          HttpResponse<String> page =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + site.webPort() + path))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(page.statusCode()).as(path).isEqualTo(404);
          assertThat(page.body()).doesNotContain("Body 1.");
        }
      }
    }
  }

  @Test
  void withTheSiteStoppedEveryImportedPostIsSearchableWhenTheCommandEnds() throws Exception {
    Path data = dir.resolve("stopped");
    site(data, "stopped", Visibility.PUBLIC);
    // the first import builds the new index from the archive, the second adds its own posts
    Run first = cli("import", "--data", data.toString(), "stopped", DIR.resolve("eml").toString());
    Run second =
        cli("import", "--data", data.toString(), "stopped", DIR.resolve("maildir").toString());

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(first.out()).contains("search: 2 post(s) indexed in").contains("every post is");
    assertThat(second.out()).contains("search: 3 post(s) indexed in").contains("every post is");
    try (Site site = TestSites.open(data, Map.of())) {
      // not started: what the commands indexed, and nothing left for the site to do
      assertThat(site.searchIndex().size()).isEqualTo(5);
      assertThat(site.searchIndex().isComplete()).isTrue();
      assertThat(count(site, "SELECT COUNT(*) FROM jobs WHERE state <> 'done'")).isZero();
    }
  }

  @Test
  void everyFormatOfTheTestFilesIsImported() throws IOException {
    Path data = dir.resolve("formats");
    site(data, "formats", Visibility.PUBLIC);
    Run run =
        cli(
            "import",
            "--data",
            data.toString(),
            "formats",
            DIR.resolve("mboxrd.mbox").toString(),
            DIR.resolve("mboxrd.mbox.bz2").toString(),
            DIR.resolve("mboxcl2.mbox").toString(),
            DIR.resolve("crlf-bom.mbox").toString(),
            DIR.resolve("2007-March.txt").toString(),
            DIR.resolve("2007-April.txt.gz").toString());
    assertThat(run.code()).as(run.err()).isZero();
    // the bzip2'd mbox is the same mail as the plain one; crlf-bom.mbox reuses two Message-IDs
    // with other bytes, kept as posts of their own
    assertThat(run.out())
        .contains("imported 12 post(s)")
        .contains("duplicates (already archived): 3")
        .contains("files read: 6");
    try (Site site = TestSites.open(data, Map.of())) {
      // pipermail's reply is threaded under its parent
      assertThat(
              count(
                  site,
                  "SELECT COUNT(*) FROM posts c JOIN posts p ON p.id = c.parent_id WHERE"
                      + " c.message_id = 'pm2@example.org' AND p.message_id = 'pm1@example.org'"))
          .isEqualTo(1);
    }
  }

  @Test
  void anExportImportedIntoAFreshSiteGivesTheSameMessagesByteForByteAndTheSameThreads() {
    Path first = dir.resolve("round-trip-first");
    site(first, "trip", Visibility.PRIVATE);
    Run imported =
        cli(
            "import",
            "--data",
            first.toString(),
            "trip",
            DIR.resolve("mboxrd.mbox").toString(),
            DIR.resolve("mboxcl2.mbox").toString(),
            DIR.resolve("crlf-bom.mbox").toString(),
            DIR.resolve("2007-March.txt").toString(),
            DIR.resolve("2007-April.txt.gz").toString(),
            DIR.resolve("replies-first.mbox").toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    Path mbox = dir.resolve("trip.mbox.gz");
    Run exported = cli("export", "--data", first.toString(), "trip", "-o", mbox.toString());
    assertThat(exported.code()).as(exported.err()).isZero();

    Path second = dir.resolve("round-trip-second");
    site(second, "trip", Visibility.PRIVATE);
    Run again = cli("import", "--data", second.toString(), "trip", mbox.toString());
    assertThat(again.code()).as(again.err()).isZero();

    List<String> before;
    try (Site site = TestSites.open(first, Map.of())) {
      before = ImportUtilLinuxIT.archive(site);
    }
    try (Site site = TestSites.open(second, Map.of())) {
      // each post's Message-ID, the SHA-256 of its raw bytes, its parent and its topic's first post
      assertThat(ImportUtilLinuxIT.archive(site)).hasSize(before.size()).isEqualTo(before);
    }
    assertThat(before).hasSizeGreaterThan(10);
  }

  @Test
  void repliesImportedBeforeTheirParentsJoinThemAndGetThemAsParents() {
    Path data = dir.resolve("replies-first");
    site(data, "plans", Visibility.PUBLIC);
    // the file holds a reply to a reply, then that reply, then the post they answer
    Run run =
        cli(
            "import",
            "--data",
            data.toString(),
            "plans",
            DIR.resolve("replies-first.mbox").toString());
    assertThat(run.code()).as(run.err()).isZero();
    try (Site site = TestSites.open(data, Map.of())) {
      assertThat(count(site, "SELECT COUNT(DISTINCT topic_id) FROM posts")).isEqualTo(1);
      List<String> parents =
          jdbi(site)
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT c.message_id || ' < ' || COALESCE(p.message_id, '-')"
                                  + " FROM posts c LEFT JOIN posts p ON p.id = c.parent_id"
                                  + " ORDER BY c.message_id")
                          .mapTo(String.class)
                          .list());
      assertThat(parents)
          .containsExactly(
              "a@example.org < -",
              "b@example.org < a@example.org",
              "c@example.org < b@example.org");
    }
  }

  @Test
  void googleGroupsRewrittenFromIsUndoneByItsOriginalFrom() {
    Path data = dir.resolve("google");
    site(data, "jailhouse", Visibility.PUBLIC);
    Run run =
        cli(
            "import",
            "--data",
            data.toString(),
            "jailhouse",
            DIR.resolve("google-groups.mbox").toString());
    assertThat(run.code()).as(run.err()).isZero();
    try (Site site = TestSites.open(data, Map.of())) {
      List<String> authors =
          jdbi(site)
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT message_id || ' ' || from_name || ' <' || from_address"
                                  + " || '>' FROM posts ORDER BY message_id")
                          .mapTo(String.class)
                          .list());
      assertThat(authors)
          .containsExactly(
              "gg1@example.org Jan Kiszka <jan.kiszka@example.org>",
              "gg2@example.org Ralf <ralf@example.org>");
    }
  }
}
