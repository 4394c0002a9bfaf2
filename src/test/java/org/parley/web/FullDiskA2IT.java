package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.group.Group;
import org.parley.ingest.FreeSpace;
import org.parley.ingest.IngestResult;
import org.parley.mime.Html;
import org.parley.testkit.WireClient;

/**
 * RELIABILITY A2 (issue 16, item 13) on a real full disk: the data directory is a small tmpfs, and
 * a filler file takes every byte left. Posting pauses (SMTP and LMTP 452 at MAIL, the web 503 with
 * the text kept, a banner on every page a member sees), reading goes on, and once the filler is
 * gone the site takes posts again by itself. A site stopped on a full disk starts again, paused.
 *
 * <p>Needs root to mount the tmpfs; skipped otherwise.
 */
@Tag("slow") // a disk filled to the last byte
class FullDiskA2IT {
  private static final Map<String, String> SETTINGS =
      Map.of(
          "PARLEY_MIN_FREE_BYTES", Long.toString(2L * 1024 * 1024),
          "PARLEY_MAX_MESSAGE_BYTES", Long.toString(1024L * 1024),
          "PARLEY_LMTP_PORT", "0");

  @TempDir Path tmp;
  Path data;
  WebSite web;
  boolean mounted;

  @BeforeEach
  void mount() throws Exception {
    data = tmp.resolve("data");
    Files.createDirectories(data);
    int mount;
    try {
      mount = run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", data.toString());
    } catch (IOException noMount) {
      mount = -1;
    }
    mounted = mount == 0;
    assumeTrue(mounted, "needs root (and mount) to mount a small tmpfs as a full disk");
  }

  @AfterEach
  void unmount() throws Exception {
    try {
      if (web != null) {
        web.close();
      }
    } finally {
      if (mounted) {
        run("umount", data.toString());
      }
    }
  }

  @Test
  void a2AFullDiskPausesPostingKeepsReadingAndResumesByItselfOnceThereIsRoom() throws Exception {
    web = new WebSite(data, SETTINGS);
    Group news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
    IngestResult.Accepted low =
        web.mail(
            "news",
            WebSite.message(
                "news", "Ada <ada@example.com>", "low@example.com", "Low water", null, "Mud."));
    long first = low.post().value();
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    assertThat(ada.get("/").body()).doesNotContain("paused-banner");

    fill("filler-1");
    // the site gives its reserve back when posting pauses; something else takes that too
    assertThat(ada.get("/").body()).contains("paused-banner");
    fill("filler-2");

    assertThat(mailFrom()).satisfies(r -> assertThat(r.code()).isEqualTo(452));
    assertThat(mailFrom().text()).contains("4.3.1").contains("posting is paused");
    try (WireClient lmtp = new WireClient(web.site.lmtpPort().getAsInt())) {
      lmtp.command("LHLO a2.example");
      WireClient.Reply mail = lmtp.command("MAIL FROM:<grace@example.com>");
      assertThat(mail.code()).as("LMTP").isEqualTo(452);
      assertThat(mail.text()).contains("4.3.1").contains("posting is paused");
    }
    HttpResponse<String> home = ada.get("/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains(Html.escape(FreeSpace.BANNER));
    assertThat(ada.get("/g/news/").statusCode()).isEqualTo(200);
    // a topic page records the member's read mark and the view: writes the disk has no room for
    HttpResponse<String> topic = ada.get("/g/news/t/" + low.topic().value() + "/");
    assertThat(topic.statusCode()).isEqualTo(200);
    assertThat(topic.body()).contains("Low water").contains("paused-banner");
    HttpResponse<String> refused = post(ada, "Tide tables", "Words worth keeping, tidewater.");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body())
        .contains("Posting is paused")
        .contains("Words worth keeping, tidewater.")
        .contains("Tide tables");
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(1);
    String forward = "/g/news/p/" + first + "/forward";
    HttpResponse<String> forwarded =
        ada.submit(
            forward,
            forward,
            Map.of("to", "friend@example.org", "subject", "", "body", "See this, tidewater."));
    assertThat(forwarded.statusCode()).isEqualTo(503);
    assertThat(forwarded.body()).contains("Sending is paused").contains("See this, tidewater.");
    HttpResponse<String> signedOut = web.client().get("/");
    assertThat(signedOut.statusCode()).isEqualTo(200);
    assertThat(signedOut.body()).as("visitors cannot post").doesNotContain("paused-banner");

    Files.delete(data.resolve("filler-1"));
    Files.delete(data.resolve("filler-2"));

    assertThat(mailFrom().code()).isEqualTo(250);
    assertThat(ada.get("/").body()).doesNotContain("paused-banner");
    HttpResponse<String> taken = post(ada, "Tide tables", "Words worth keeping, tidewater.");
    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(303);
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(2);
    web.smtp(
        "ada@example.com",
        "news@lists.test",
        WebSite.message(
            "news", "Ada <ada@example.com>", "a2@example.com", "By mail", null, "Hello."));
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(3);
    await(
        "search finds the post once it is indexed",
        () -> ada.get("/search?q=tidewater").body().contains("Tide tables"));
    await("the reserve is written again", () -> Files.isRegularFile(reserve()));
  }

  /**
   * The failure the issue reports came once in five restarts: a site stopped with its disk full
   * starts again, every time, with posting paused, and serves its pages.
   */
  @Test
  void a2ASiteStoppedOnAFullDiskStartsPausedEveryTime() throws Exception {
    web = new WebSite(data, SETTINGS);
    Group news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.mail(
        "news",
        WebSite.message(
            "news", "Ada <ada@example.com>", "first@example.com", "Low tide", null, "Mudflats."));
    WebClient first = web.client();
    first.login("ada@example.com", WebSite.PASSWORD);
    String session =
        first.cookies.getCookieStore().getCookies().stream()
            .map(HttpCookie::toString)
            .collect(Collectors.joining("; "));
    await("the reserve is written", () -> Files.isRegularFile(reserve()));
    web.close();
    web = null;
    // stopped cleanly on a disk with room (SQLite removed its -wal and -shm, which it needs to
    // open again); now the disk fills up: the first start needs the reserve
    fill("filler-0");

    for (int round = 1; round <= 5; round++) {
      web = new WebSite(data, SETTINGS);
      try (WireClient smtp = new WireClient(web.site.smtpPort())) {
        smtp.command("EHLO a2.example");
        WireClient.Reply mail = smtp.command("MAIL FROM:<grace@example.com>");
        assertThat(mail.code()).as("round " + round).isEqualTo(452);
        assertThat(mail.text()).contains("posting is paused");
      }
      WebClient ada = web.client();
      ada.headers.put("Cookie", session);
      HttpResponse<String> home = ada.get("/g/news/");
      assertThat(home.statusCode()).as("round " + round).isEqualTo(200);
      assertThat(home.body()).contains("Low tide").contains("paused-banner");
      fill("filler-" + round); // full to the last byte as it stops
      web.close();
      web = null;
      // and something else takes whatever the stop gave back before the next start
      fill("filler-" + round + "-after");
    }

    try (var files = Files.list(data)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("filler")).toList()) {
        Files.delete(p);
      }
    }
    web = new WebSite(data, SETTINGS);
    assertThat(mailFrom().code()).isEqualTo(250);
  }

  private Path reserve() {
    return data.resolve(FreeSpace.RESERVE);
  }

  private HttpResponse<String> post(WebClient who, String subject, String body) {
    return who.submit(
        "/g/news/new", "/g/news/new", Map.of("subject", subject, "body", body, "action", "post"));
  }

  /** MAIL FROM on a new connection, and its reply. */
  private WireClient.Reply mailFrom() throws IOException {
    try (WireClient smtp = new WireClient(web.site.smtpPort())) {
      smtp.command("EHLO a2.example");
      return smtp.command("MAIL FROM:<grace@example.com>");
    }
  }

  /** Writes {@code name} in the data directory until the disk has not a byte left. */
  private void fill(String name) throws IOException {
    try (FileOutputStream out = new FileOutputStream(data.resolve(name).toFile(), true)) {
      for (int chunk : List.of(1 << 20, 1 << 12)) {
        byte[] zeros = new byte[chunk];
        try {
          while (true) {
            out.write(zeros);
          }
        } catch (IOException full) {
          // on to smaller chunks: tmpfs takes whole pages until the last one
        }
      }
    }
    assertThat(Files.getFileStore(data).getUsableSpace()).isZero();
  }

  private static void await(String what, BooleanSupplier done) {
    org.parley.testkit.RelaySink.await(what, Duration.ofSeconds(60), done);
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
