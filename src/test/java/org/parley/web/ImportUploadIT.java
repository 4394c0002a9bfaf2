package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.Group;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.web.WebClient.FilePart;

/**
 * An owner imports a group's history from the group's web page (issue 20, item 1), over real HTTP:
 * the upload (a gzip'd mbox and a zip of a Maildir) answers 303 to the import's page, which shows
 * the progress and then the summary, and the posts are on the group's pages and searchable. Nobody
 * but those who run the group may open the pages or send the form; a zip whose entries would land
 * outside the upload's folder is refused whole, an upload over {@code max_import_bytes} is refused
 * with 413, and a private group's imported posts stay hidden from a visitor throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportUploadIT {
  /** The site's upload limit in this test: small, so an upload over it is quick to make. */
  static final long LIMIT = 3_000_000;

  WebSite web;
  Path data;
  Group history;
  Group cellar;
  WebClient owner;
  WebClient member;
  WebClient visitor;

  @BeforeAll
  void start(@TempDir Path dir) {
    data = dir;
    web = new WebSite(dir, Map.of("PARLEY_MAX_IMPORT_BYTES", Long.toString(LIMIT)));
    history = web.group("history", true);
    cellar = web.group("cellar", false);
    Account olga = web.account("olga@example.com", "Olga Owner", ZoneId.of("UTC"));
    Account mia = web.account("mia@example.com", "Mia Member", ZoneId.of("UTC"));
    for (Group g : List.of(history, cellar)) {
      web.site.members().add(g.id(), olga.id(), Role.OWNER, DeliveryMode.EACH);
      web.site.members().add(g.id(), mia.id(), Role.MEMBER, DeliveryMode.EACH);
    }
    owner = web.client();
    owner.login("olga@example.com", WebSite.PASSWORD);
    member = web.client();
    member.login("mia@example.com", WebSite.PASSWORD);
    visitor = web.client();
  }

  @AfterAll
  void stop() {
    web.close();
  }

  @Test
  void anOwnerImportsAGzippedMboxAndAZippedMaildirAndThePostsAreReadableAndSearchable()
      throws Exception {
    HttpResponse<String> page = owner.get("/g/history/import");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("enctype=\"multipart/form-data\"")
        .contains("Nothing is mailed to the members")
        .contains(".zip");
    assertThat(owner.get("/g/history/settings").body()).contains("href=\"/g/history/import\"");

    HttpResponse<String> sent =
        upload(
            owner,
            "history",
            List.of(
                new FilePart(
                    "files",
                    "old-list-2015-with-a-rather-long-name-from-the-previous-host.mbox.gz",
                    gzip(mbox("history"))),
                new FilePart("files", "maildir.zip", maildirZip())));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
    String progress = sent.headers().firstValue("Location").orElseThrow();
    assertThat(progress).matches("/g/history/import/\\d+");

    String done = awaitDone(owner, progress, null);
    assertThat(done).contains("The import is done").contains("<progress");
    assertThat(number(done, "sum-imported")).as(done).isEqualTo(5);
    assertThat(number(done, "sum-duplicates")).isZero();
    assertThat(number(done, "sum-refused")).isZero();
    assertThat(number(done, "sum-failed")).isZero();
    assertThat(done).doesNotContain("hx-trigger");

    String topics = owner.get("/g/history/").body();
    assertThat(topics)
        .contains("Thermodynamics of teapots")
        .contains("Самовар и его устройство")
        .contains("Notes from the Maildir");
    Awaitility.await("the imported posts are searchable")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> search(visitor, "zanzibarite").contains("Thermodynamics of teapots"));
    assertThat(search(visitor, "самовара")).contains("Самовар и его устройство");

    // the list of past imports names the files and the outcome; the uploaded files are gone
    String list = owner.get("/g/history/import").body();
    assertThat(list)
        .contains("old-list-2015-with-a-rather-long-name-from-the-previous-host.mbox.gz")
        .contains("maildir.zip")
        .contains("done");
    awaitNoUploadFolders();

    // the same files again: every message is a duplicate, nothing new
    HttpResponse<String> again =
        upload(
            owner,
            "history",
            List.of(new FilePart("files", "again.mbox.gz", gzip(mbox("history")))));
    String second = awaitDone(owner, again.headers().firstValue("Location").orElseThrow(), null);
    assertThat(number(second, "sum-imported")).isZero();
    assertThat(number(second, "sum-duplicates")).isEqualTo(3);
  }

  @Test
  void anUploadLargerThanAnyFormIsStreamedToDiskAndImported() throws Exception {
    // 1.6 MB: more than the site reads of any other form (WebServer.MAX_REQUEST_BYTES)
    StringBuilder mbox = new StringBuilder();
    String paragraph = "Forty lines of the old list's long threads about antennas. ".repeat(80);
    for (int i = 0; i < 320; i++) {
      mbox.append("From old@example.org Mon Jan  5 10:00:00 2015\n")
          .append("From: Old Timer <old@example.org>\n")
          .append("Subject: Antenna notes, part ")
          .append(i)
          .append("\nDate: Mon, 5 Jan 2015 10:00:00 +0000\n")
          .append("Message-ID: <antenna-")
          .append(i)
          .append("@example.org>\n\n")
          .append(paragraph)
          .append("\n\n");
    }
    byte[] big = mbox.toString().getBytes(StandardCharsets.UTF_8);
    assertThat((long) big.length).isBetween(WebServer.MAX_REQUEST_BYTES, LIMIT);
    HttpResponse<String> sent =
        upload(owner, "history", List.of(new FilePart("files", "antennas.mbox", big)));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
    String done = awaitDone(owner, sent.headers().firstValue("Location").orElseThrow(), null);
    assertThat(number(done, "sum-imported")).as(done).isEqualTo(320);
    awaitNoUploadFolders();
  }

  @Test
  void onlyThoseWhoRunTheGroupReachTheImportPages() throws Exception {
    long before = importCount();
    assertThat(member.get("/g/history/import").statusCode()).isEqualTo(404);
    assertThat(member.get("/g/cellar/import").statusCode()).isEqualTo(404);
    assertThat(visitor.get("/g/history/import").statusCode()).isEqualTo(303);
    assertThat(visitor.get("/g/cellar/import").statusCode()).isEqualTo(303);
    List<FilePart> files = List.of(new FilePart("files", "a.mbox", mbox("member-try")));
    assertThat(upload(member, "history", files).statusCode()).isEqualTo(404);
    assertThat(upload(member, "cellar", files).statusCode()).isEqualTo(404);
    HttpResponse<String> stranger = upload(visitor, "history", files);
    assertThat(stranger.statusCode()).isEqualTo(403);
    assertThat(stranger.body()).contains("Please sign in");
    // a form without the token (a page of another site) is refused before the upload is read
    HttpResponse<String> forged = owner.postMultipart("/g/history/import", Map.of(), files);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("This form has expired");
    assertThat(importCount()).isEqualTo(before);

    // an import's own page, too
    HttpResponse<String> mine =
        upload(owner, "history", List.of(new FilePart("files", "one.eml", oneMessage())));
    String url = mine.headers().firstValue("Location").orElseThrow();
    awaitDone(owner, url, null);
    assertThat(member.get(url).statusCode()).isEqualTo(404);
    assertThat(visitor.get(url).statusCode()).isEqualTo(303);
    assertThat(owner.get(url.replace("/history/", "/cellar/")).statusCode()).isEqualTo(404);
  }

  @Test
  void aZipWhoseEntriesLeaveItsFolderIsRefusedAndNothingIsImported() throws Exception {
    long before = importCount();
    long posts = postCount(history);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("fine.eml"));
      zip.write(oneMessage());
      zip.putNextEntry(new ZipEntry("../../escaped.eml"));
      zip.write(oneMessage());
    }
    HttpResponse<String> r =
        upload(
            owner, "history", List.of(new FilePart("files", "crafted.zip", bytes.toByteArray())));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("leads out of the archive").contains("nothing was imported");
    assertThat(importCount()).isEqualTo(before);
    assertThat(postCount(history)).isEqualTo(posts);
    awaitNoUploadFolders();
    try (Stream<Path> all = Files.walk(data)) {
      assertThat(all.filter(p -> p.getFileName().toString().equals("escaped.eml"))).isEmpty();
    }
  }

  @Test
  void anUploadOverTheSiteLimitIsRefusedWith413() throws Exception {
    long before = importCount();
    byte[] big = new byte[(int) LIMIT + 1000];
    java.util.Arrays.fill(big, (byte) 'x');
    HttpResponse<String> r =
        upload(owner, "history", List.of(new FilePart("files", "huge.mbox", big)));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("This site takes at most");
    // a body that does not say its length is refused as it passes the limit
    String action = action(owner);
    HttpResponse<String> chunked =
        owner.postMultipart(
            action, Map.of(), List.of(new FilePart("files", "huge.mbox", big)), false);
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.body()).contains("This site takes at most");
    // and a zip that unpacks to more than the limit
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bomb)) {
      zip.putNextEntry(new ZipEntry("Maildir/cur/1"));
      zip.write(big);
    }
    HttpResponse<String> unpacked =
        upload(owner, "history", List.of(new FilePart("files", "small.zip", bomb.toByteArray())));
    assertThat(unpacked.statusCode()).isEqualTo(413);
    assertThat(unpacked.body()).contains("unpacks to more than this site takes");
    assertThat(importCount()).isEqualTo(before);
    awaitNoUploadFolders();
  }

  @Test
  void aPrivateGroupsImportedPostsStayHiddenFromAVisitorWhileAndAfterItRuns() throws Exception {
    HttpResponse<String> sent =
        upload(
            owner,
            "cellar",
            List.of(new FilePart("files", "cellar.mbox.gz", gzip(mbox("cellar")))));
    assertThat(sent.statusCode()).isEqualTo(303);
    String progress = sent.headers().firstValue("Location").orElseThrow();
    // every poll of the progress looks at the group as a visitor sees it, as the import runs
    String done =
        awaitDone(
            owner,
            progress,
            () -> {
              assertThat(visitor.get("/g/cellar/").statusCode()).isEqualTo(404);
              assertThat(search(visitor, "zanzibarite")).doesNotContain("/g/cellar/");
            });
    assertThat(number(done, "sum-imported")).isEqualTo(3);
    Awaitility.await("the private posts are indexed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> search(member, "zanzibarite").contains("/g/cellar/"));
    assertThat(visitor.get("/g/cellar/").statusCode()).isEqualTo(404);
    assertThat(search(visitor, "zanzibarite")).doesNotContain("/g/cellar/");
    assertThat(owner.get("/g/cellar/").body()).contains("Thermodynamics of teapots");
  }

  @Test
  void aRunningImportsPageFollowsItWithHtmxOrARefresh() {
    long id =
        web.site
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "INSERT INTO imports (group_id, folder, file_names, total_bytes,"
                                + " state, bytes_read, messages_done, imported, duplicates,"
                                + " refused, created_at) VALUES (:g, 'gone', 'big.mbox', 2048,"
                                + " 'running', 512, 7, 4, 2, 1, 0)"
                                + " RETURNING id")
                        .bind("g", history.id())
                        .mapTo(Long.class)
                        .one());
    String page = owner.get("/g/history/import/" + id).body();
    assertThat(page)
        .contains("<progress id=\"import-progress\" max=\"2048\" value=\"512\">")
        .contains("hx-trigger=\"every 1s\"")
        .contains("hx-get=\"/g/history/import/" + id + "\"")
        .contains("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>")
        .contains("7 posts done")
        .contains("4 imported")
        .contains("2 already archived")
        .contains("1 refused")
        .contains("25%");
    owner.headers.put("HX-Request", "true");
    try {
      String fragment = owner.get("/g/history/import/" + id).body();
      assertThat(fragment).startsWith("<div id=\"import-status\"").doesNotContain("<html");
    } finally {
      owner.headers.remove("HX-Request");
    }
  }

  /**
   * Uploads the files as the import page's form sends them: the session's CSRF token in the form's
   * action, as a page the viewer may open carries it (a signed-out visitor's, the sign-in page).
   */
  private static HttpResponse<String> upload(WebClient c, String group, List<FilePart> files) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"")
            .matcher(c.get("/").body());
    String token = m.find() ? m.group(1) : WebClient.csrf(c.get("/login").body());
    return c.postMultipart(
        "/g/" + group + "/import?csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
        Map.of(),
        files);
  }

  /** The action of the history group's import form, as its page gives it to an owner. */
  private static String action(WebClient c) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("action=\"(/g/history/import\\?csrf=[^\"]*)\"")
            .matcher(c.get("/g/history/import").body());
    assertThat(m.find()).as("the import form's action").isTrue();
    return m.group(1).replace("&amp;", "&");
  }

  /** Polls an import's page until it is done, running {@code each} at every poll; its last page. */
  private static String awaitDone(WebClient c, String url, Runnable each) {
    String[] last = new String[1];
    Awaitility.await("the import at " + url + " ends")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (each != null) {
                each.run();
              }
              HttpResponse<String> r = c.get(url);
              assertThat(r.statusCode()).isEqualTo(200);
              last[0] = r.body();
              return !r.body().contains("hx-trigger");
            });
    return last[0];
  }

  private static String search(WebClient c, String words) {
    return c.get("/search?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8)).body();
  }

  private static long number(String page, String id) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("id=\"" + id + "\">(\\d+)<").matcher(page);
    if (!m.find()) {
      throw new AssertionError("no " + id + " on the page:\n" + page);
    }
    return Long.parseLong(m.group(1));
  }

  private long importCount() {
    return web.site
        .db()
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM imports").mapTo(Long.class).one());
  }

  private long postCount(Group g) {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM posts WHERE group_id = :g")
                    .bind("g", g.id())
                    .mapTo(Long.class)
                    .one());
  }

  /** Waits until no upload's folder is left: an import deletes its files just after it ends. */
  private void awaitNoUploadFolders() {
    Awaitility.await("the uploaded files are deleted")
        .atMost(Duration.ofSeconds(10))
        .until(() -> uploadFolders().isEmpty());
  }

  /** The uploads' folders left under the data directory (the spool aside). */
  private List<Path> uploadFolders() throws IOException {
    Path root = data.resolve("imports");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(root)) {
      return list.filter(p -> !p.getFileName().toString().equals("spool")).toList();
    }
  }

  /** Three messages of an old list, one from a long name in another script, one a reply. */
  private static byte[] mbox(String tag) {
    String cyrillicName = encoded("Дмитрий Алексеевич Римский-Корсаков-Преображенский");
    String cyrillicSubject = encoded("Самовар и его устройство");
    String mbox =
        "From bart@example.org Mon Jan  5 10:00:00 2015\n"
            + "From: Bartholomew Maximilian Featherstonehaugh-Cholmondeley <bart@example.org>\n"
            + "To: old-list@example.org\n"
            + "Subject: Thermodynamics of teapots\n"
            + "Date: Mon, 5 Jan 2015 10:00:00 +0000\n"
            + "Message-ID: <teapot-1."
            + tag
            + "@example.org>\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "\n"
            + "A teapot keeps its heat by zanzibarite glaze, they say.\n"
            + ">From the kitchen, with love.\n"
            + "\n"
            + "From dmitri@example.ru Tue Jan  6 11:00:00 2015\n"
            + "From: "
            + cyrillicName
            + " <dmitri@example.ru>\n"
            + "To: old-list@example.org\n"
            + "Subject: "
            + cyrillicSubject
            + "\n"
            + "Date: Tue, 6 Jan 2015 11:00:00 +0300\n"
            + "Message-ID: <samovar-1."
            + tag
            + "@example.ru>\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "Content-Transfer-Encoding: 8bit\n"
            + "\n"
            + "Устройство самовара простое: труба, топка и кран.\n"
            + "\n"
            + "From alice@example.org Wed Jan  7 09:00:00 2015\n"
            + "From: Alice <alice@example.org>\n"
            + "To: old-list@example.org\n"
            + "Subject: Re: Thermodynamics of teapots\n"
            + "Date: Wed, 7 Jan 2015 09:00:00 +0000\n"
            + "Message-ID: <teapot-2."
            + tag
            + "@example.org>\n"
            + "In-Reply-To: <teapot-1."
            + tag
            + "@example.org>\n"
            + "References: <teapot-1."
            + tag
            + "@example.org>\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "\n"
            + "Mine cools in minutes.\n";
    return mbox.getBytes(StandardCharsets.UTF_8);
  }

  private static String encoded(String words) {
    return "=?UTF-8?B?"
        + Base64.getEncoder().encodeToString(words.getBytes(StandardCharsets.UTF_8))
        + "?=";
  }

  /** A zip of a Maildir with a message in cur/ and one in new/, and one in tmp/ (not read). */
  private static byte[] maildirZip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("Maildir/"));
      zip.putNextEntry(new ZipEntry("Maildir/cur/1420800000.M1P1.host:2,S"));
      zip.write(message("maildir-1@example.net", "Notes from the Maildir", "Kept in cur.", null));
      zip.putNextEntry(new ZipEntry("Maildir/new/1420800100.M2P2.host"));
      zip.write(
          message(
              "maildir-2@example.net",
              "Re: Notes from the Maildir",
              "Kept in new.",
              "maildir-1@example.net"));
      zip.putNextEntry(new ZipEntry("Maildir/tmp/1420800200.M3P3.host"));
      zip.write(message("maildir-3@example.net", "Half delivered", "Not yet.", null));
    }
    return bytes.toByteArray();
  }

  private static byte[] oneMessage() {
    return message("single@example.net", "A single message", "Alone.", null);
  }

  private static byte[] message(String id, String subject, String body, String parent) {
    return ("From: Nora Notes <nora@example.net>\r\n"
            + "To: old-list@example.org\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + "Date: Thu, 8 Jan 2015 12:00:00 +0000\r\n"
            + "Message-ID: <"
            + id
            + ">\r\n"
            + (parent == null ? "" : "In-Reply-To: <" + parent + ">\r\n")
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + body
            + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }
}
