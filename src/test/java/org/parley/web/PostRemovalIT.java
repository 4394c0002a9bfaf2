package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;

import com.icegreen.greenmail.util.GreenMail;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.cli.Cli;
import org.parley.group.Group;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.ingest.IngestResult;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.RelaySink;

/**
 * Removing a post (issue 18, item 5), over HTTP against a running site as its owners and members
 * use it: the owner's Remove link and confirmation page, the tombstone left in the thread, and the
 * post gone from every other path at once (topic list and counts, search, raw, attachment,
 * permalink, reply and forward forms, new-count), its bytes deleted from the blob store unless the
 * site keeps them, the removal in the group's audit log, and copies still queued never sent. The
 * operator's {@code parley post remove} does the same.
 */
class PostRemovalIT {
  private static final String TOMBSTONE = "A message was removed by the moderators.";

  @TempDir Path dir;
  private WebSite web;
  private GreenMail relay;

  @AfterEach
  void tearDown() {
    if (web != null) {
      web.close();
    }
    if (relay != null) {
      relay.stop();
    }
  }

  /** A thread of three: a question, a reply with an attachment (the one to remove), an answer. */
  private record Thread(long topic, long first, long spam, long last) {}

  private Thread thread(String group) {
    IngestResult.Accepted first =
        web.mail(
            group,
            WebSite.message(
                group,
                "Ada Lovelace <ada@example.com>",
                "q@" + group,
                "Engines",
                null,
                "How do engines count?"));
    IngestResult.Accepted spam =
        web.mail(group, withAttachment(group, "spam@" + group, "q@" + group));
    IngestResult.Accepted last =
        web.mail(
            group,
            WebSite.message(
                group,
                "Grace Hopper <grace@example.com>",
                "a@" + group,
                "Re: Engines",
                "q@" + group,
                "With gears, and later with relays."));
    assertThat(spam.topic()).isEqualTo(first.topic());
    assertThat(last.topic()).isEqualTo(first.topic());
    return new Thread(
        first.topic().value(), first.post().value(), spam.post().value(), last.post().value());
  }

  /** A reply with a unique word in its body and an attachment whose content has it too. */
  private static String withAttachment(String group, String id, String inReplyTo) {
    return "From: Spam Bot <bot@spam.example>\n"
        + "To: "
        + group
        + "@lists.test\n"
        + "Subject: Re: Engines\n"
        + "Date: Sun, 30 Nov 2025 11:30:00 +0000\n"
        + "Message-ID: <"
        + id
        + ">\n"
        + "In-Reply-To: <"
        + inReplyTo
        + ">\n"
        + "References: <"
        + inReplyTo
        + ">\n"
        + "MIME-Version: 1.0\n"
        + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
        + "--b1\n"
        + "Content-Type: text/plain; charset=utf-8\n\n"
        + "Buy zorbleflux pills now.\n"
        + "--b1\n"
        + "Content-Type: text/plain; charset=utf-8; name=\"offer.txt\"\n"
        + "Content-Disposition: attachment; filename=\"offer.txt\"\n\n"
        + "zorbleflux offer inside\n"
        + "--b1--\n";
  }

  /** A group anyone may post to by mail, so the spam of these tests gets in. */
  private Group openGroup(String name, boolean isPublic) {
    Group g = web.group(name, isPublic).withPosting(Posting.ANYONE, ReplyTo.GROUP);
    web.site.groups().update(g);
    return g;
  }

  private WebClient signedIn(String email) {
    WebClient c = web.client();
    c.login(email, WebSite.PASSWORD);
    return c;
  }

  private Account owner(Group g, String email) {
    Account a = web.account(email, "Olga Owner", ZoneId.of("UTC"));
    web.site.members().add(g.id(), a.id(), Role.OWNER, DeliveryMode.NONE);
    return a;
  }

  private long count(String sql) {
    return web.site.db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private String one(String sql) {
    return web.site.db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private HttpResponse<String> remove(WebClient c, String group, long post, String reason) {
    String page = "/g/" + group + "/p/" + post + "/remove";
    return c.submit(page, page, Map.of("reason", reason));
  }

  /** The text a removed post's row still keeps, as the archive packs it. */
  private String keptText(long post) {
    byte[] packed =
        web.site
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT bodies FROM posts WHERE id = :id")
                        .bind("id", post)
                        .mapTo(byte[].class)
                        .one());
    return org.parley.archive.PostBodies.unpack(packed, false).text();
  }

  private long blobs(String key) {
    return count("SELECT COUNT(*) FROM blobs WHERE sha256 = '" + key + "'");
  }

  @Test
  void aRemovedReplyLeavesATombstoneAndIsGoneFromEveryPath() {
    web = new WebSite(dir);
    Group g = openGroup("engines", true);
    web.member(g, "ada@example.com", "Ada Lovelace");
    owner(g, "olga@example.com");
    Thread t = thread("engines");
    String topicUrl = "/g/engines/t/" + t.topic() + "/";
    String raw = one("SELECT raw_sha256 FROM posts WHERE id = " + t.spam());
    String file = one("SELECT blob_sha256 FROM attachments WHERE post_id = " + t.spam());
    WebClient owner = signedIn("olga@example.com");
    WebClient member = signedIn("ada@example.com");
    WebClient visitor = web.client();
    await(
        "the spam to be searchable",
        Duration.ofSeconds(20),
        () -> visitor.get("/search?q=zorbleflux").body().contains("#p" + t.spam()));
    assertThat(visitor.get("/g/engines/").body())
        .contains("2<span class=\"unit\"> replies")
        .contains("Spam Bot");

    // Only those who run the group see Remove; its page says what will be removed.
    String removeUrl = "/g/engines/p/" + t.spam() + "/remove";
    assertThat(owner.get(topicUrl).body()).contains("href=\"" + removeUrl + "\"");
    assertThat(member.get(topicUrl).body()).doesNotContain("/remove\"");
    HttpResponse<String> ask = owner.get(removeUrl);
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(ask.body())
        .contains("Remove this message?")
        .contains("Spam Bot")
        .contains("Re: Engines")
        .contains("Buy zorbleflux pills now.")
        .contains("name=\"reason\"");

    // Neither a member, nor a signed-out visitor, nor an owner of another group may remove it.
    Group other = openGroup("other", true);
    owner(other, "otto@example.com");
    WebClient otherOwner = signedIn("otto@example.com");
    for (WebClient c : List.of(member, otherOwner)) {
      assertThat(c.get(removeUrl).statusCode()).isEqualTo(404);
      String csrf = WebClient.csrf(c.get(topicUrl).body());
      assertThat(c.postRaw(removeUrl, Map.of("csrf", csrf)).statusCode()).isEqualTo(404);
    }
    HttpResponse<String> byVisitor =
        visitor.postRaw(removeUrl, Map.of("csrf", WebClient.csrf(visitor.get("/login").body())));
    assertThat(byVisitor.statusCode()).isEqualTo(403);
    assertThat(byVisitor.body()).contains("Sign in to do this.");
    assertThat(count("SELECT COUNT(*) FROM posts WHERE removed_at IS NOT NULL")).isZero();
    assertThat(visitor.get(topicUrl).body()).contains("zorbleflux");

    HttpResponse<String> removed = remove(owner, "engines", t.spam(), "x");
    assertThat(removed.statusCode()).isEqualTo(303);
    assertThat(removed.headers().firstValue("Location")).hasValue(topicUrl + "?sent=removed");
    assertThat(owner.get(topicUrl + "?sent=removed").body()).contains("The message was removed.");

    // The thread keeps its order, with a tombstone and its date where the spam was.
    for (WebClient c : List.of(owner, member, visitor)) {
      String page = c.get(topicUrl).body();
      assertThat(page).contains(TOMBSTONE).doesNotContain("zorbleflux").doesNotContain("Spam Bot");
      assertThat(page.indexOf("How do engines count?"))
          .isLessThan(page.indexOf(TOMBSTONE))
          .isGreaterThan(-1);
      assertThat(page.indexOf(TOMBSTONE)).isLessThan(page.indexOf("With gears"));
      assertThat(page).contains("id=\"p" + t.spam() + "\"").contains("Nov 30, 2025, 11:30:00 AM");
    }
    assertThat(visitor.get("/g/engines/").body())
        .contains("1<span class=\"unit\"> reply")
        .doesNotContain("Spam Bot")
        .doesNotContain("11:30:00 AM");
    assertThat(visitor.get("/g/engines/t/" + t.topic() + "/new-count?after=0").body())
        .contains("2 new messages");

    // Every URL of the post answers as for one that never was; search finds nothing.
    for (String path :
        List.of(
            "/g/engines/p/" + t.spam() + "/raw",
            "/g/engines/p/" + t.spam() + "/a/0/offer.txt",
            "/g/engines/m/spam@engines/",
            "/g/engines/m/spam@engines/raw",
            "/g/engines/p/" + t.spam() + "/reply-author",
            "/g/engines/p/" + t.spam() + "/forward",
            removeUrl)) {
      assertThat(owner.get(path).statusCode()).as(path).isEqualTo(404);
      assertThat(member.get(path).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(visitor.get("/search?q=zorbleflux").body()).doesNotContain("#p" + t.spam());
    assertThat(owner.get("/search?q=zorbleflux&g=engines").body()).doesNotContain("#p" + t.spam());

    // A second removal is nothing to do: 404, saying so, and no second audit row.
    HttpResponse<String> again =
        owner.postRaw(removeUrl, Map.of("csrf", WebClient.csrf(owner.get(topicUrl).body())));
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("removed already");
    assertThat(count("SELECT COUNT(*) FROM group_audit WHERE setting = 'remove-post'"))
        .isEqualTo(1);

    // The audit log has who, what and why, and the settings page shows it.
    assertThat(
            one(
                "SELECT old_value || ' -> ' || new_value FROM group_audit WHERE setting ="
                    + " 'remove-post'"))
        .isEqualTo("<spam@engines> -> removed: x");
    assertThat(owner.get("/g/engines/settings").body()).contains("remove-post");

    // The bytes and the attachment leave the blob store; the row keeps no text.
    await(
        "the purge job to delete the removed post's bytes",
        Duration.ofSeconds(20),
        () -> blobs(raw) == 0 && blobs(file) == 0);
    assertThat(one("SELECT body_text || from_address || subject FROM posts WHERE id = " + t.spam()))
        .isEmpty();
    assertThat(count("SELECT COUNT(*) FROM posts WHERE bodies IS NULL AND id = " + t.spam()))
        .isEqualTo(1);
    await(
        "the index job to take the post out of the index",
        Duration.ofSeconds(20),
        () -> web.site.jobs().idle());
    assertThat(visitor.get("/search?q=zorbleflux").body()).doesNotContain("#p" + t.spam());
    assertThat(owner.get(topicUrl).statusCode()).as("the page reads no blob of it").isEqualTo(200);
  }

  @Test
  void bytesAnotherPostStillUsesStayWhenAPostIsPurged() throws Exception {
    web = new WebSite(dir);
    Group g = openGroup("engines", true);
    owner(g, "olga@example.com");
    Thread t = thread("engines");
    // the same file, attached to another post: the same hash for both
    IngestResult.Accepted twin =
        web.mail("engines", withAttachment("engines", "twin@engines", "a@engines"));
    String file = one("SELECT blob_sha256 FROM attachments WHERE post_id = " + t.spam());
    String raw = one("SELECT raw_sha256 FROM posts WHERE id = " + t.spam());
    assertThat(one("SELECT blob_sha256 FROM attachments WHERE post_id = " + twin.post().value()))
        .isEqualTo(file);

    assertThat(remove(signedIn("olga@example.com"), "engines", t.spam(), "").statusCode())
        .isEqualTo(303);
    await("the purge to delete the raw message", Duration.ofSeconds(20), () -> blobs(raw) == 0);
    // the twin's attachment is read from the twin's own message
    var twins = web.site.reader().attachments(twin.post()).getFirst();
    assertThat(org.parley.archive.BlobStore.sha256(web.site.reader().bytes(twins)))
        .as("the attachment the twin still has")
        .isEqualTo(file);
    HttpResponse<byte[]> kept =
        web.client().bytes("/g/engines/p/" + twin.post().value() + "/a/0/offer.txt");
    assertThat(kept.statusCode()).isEqualTo(200);
    assertThat(new String(kept.body(), StandardCharsets.UTF_8)).contains("zorbleflux offer");
  }

  @Test
  void aTopicThatSpamBroughtToTheTopGoesBackToItsPlace() {
    web = new WebSite(dir);
    Group g = openGroup("engines", true);
    owner(g, "olga@example.com");
    Thread t = thread("engines"); // its last post at 11:00, the spam at 11:30
    web.mail(
        "engines",
        WebSite.message(
                "engines", "grace@example.com", "later@engines", "Looms", null, "Punched cards.")
            .replace("11:00:00", "11:15:00"));
    WebClient visitor = web.client();
    String before = visitor.get("/g/engines/").body();
    assertThat(before.indexOf(">Engines<")).isBetween(0, before.indexOf(">Looms<"));

    assertThat(remove(signedIn("olga@example.com"), "engines", t.spam(), "").statusCode())
        .isEqualTo(303);
    String after = visitor.get("/g/engines/").body();
    assertThat(after.indexOf(">Looms<")).isBetween(0, after.indexOf(">Engines<"));
  }

  @Test
  void removingTheOnlyPostOfATopicTakesTheTopicOffTheList() {
    web = new WebSite(dir);
    Group g = openGroup("quiet", false);
    owner(g, "olga@example.com");
    web.member(g, "ada@example.com", "Ada Lovelace");
    IngestResult.Accepted only =
        web.mail(
            "quiet",
            WebSite.message(
                "quiet", "ada@example.com", "only@quiet", "Call me", null, "My number is 555."));
    IngestResult.Accepted stays =
        web.mail(
            "quiet",
            WebSite.message("quiet", "ada@example.com", "stay@quiet", "Stays", null, "Hello."));
    WebClient owner = signedIn("olga@example.com");
    WebClient member = signedIn("ada@example.com");
    assertThat(member.get("/g/quiet/").body()).contains("Call me");

    HttpResponse<String> done = remove(owner, "quiet", only.post().value(), "");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue("/g/quiet/");
    assertThat(
            one(
                "SELECT old_value || ' -> ' || new_value FROM group_audit WHERE setting ="
                    + " 'remove-post'"))
        .isEqualTo("<only@quiet> -> removed");

    // The private group's removed post is invisible to everyone, its members and admins too.
    for (WebClient c : List.of(owner, member)) {
      String list = c.get("/g/quiet/").body();
      assertThat(list).doesNotContain("Call me").contains("Stays");
      assertThat(c.get("/g/quiet/t/" + only.topic().value() + "/").statusCode()).isEqualTo(404);
      assertThat(c.get("/g/quiet/m/only@quiet/").statusCode()).isEqualTo(404);
      assertThat(c.get("/search?q=555").body()).doesNotContain("#p" + only.post().value());
    }
    assertThat(stays.topic()).isNotEqualTo(only.topic());
    assertThat(web.client().get("/g/quiet/t/" + only.topic().value() + "/").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aSiteThatKeepsRemovedPostsKeepsTheirBytesButShowsThemNowhere() {
    web = new WebSite(dir, Map.of("PARLEY_KEEP_REMOVED_RAW", "true"));
    Group g = openGroup("kept", true);
    owner(g, "olga@example.com");
    Thread t = thread("kept");
    String raw = one("SELECT raw_sha256 FROM posts WHERE id = " + t.spam());
    WebClient owner = signedIn("olga@example.com");
    assertThat(owner.get("/g/kept/p/" + t.spam() + "/remove").body())
        .contains("This site keeps removed messages for its operators.");

    assertThat(remove(owner, "kept", t.spam(), "spam").statusCode()).isEqualTo(303);
    await("the jobs of the removal to run", Duration.ofSeconds(20), () -> web.site.jobs().idle());
    assertThat(blobs(raw)).as("the raw message is kept").isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM jobs WHERE kind = 'purge-removed'")).isZero();
    assertThat(keptText(t.spam())).contains("zorbleflux");
    assertThat(owner.get("/g/kept/t/" + t.topic() + "/").body())
        .contains(TOMBSTONE)
        .doesNotContain("zorbleflux");
    assertThat(owner.get("/g/kept/p/" + t.spam() + "/raw").statusCode()).isEqualTo(404);
    assertThat(owner.get("/search?q=zorbleflux").body()).doesNotContain("#p" + t.spam());
  }

  @Test
  void theOperatorRemovesAPostByItsMessageIdOnTheCommandLine() {
    web = new WebSite(dir);
    Group g = openGroup("engines", true);
    Thread t = thread("engines");
    String raw = one("SELECT raw_sha256 FROM posts WHERE id = " + t.spam());

    Run bad = cli("post", "remove", "--data", dir.toString(), "engines", "<nosuch@engines>");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("group engines has no post <nosuch@engines>");

    Run done =
        cli(
            "post",
            "remove",
            "--data",
            dir.toString(),
            "engines",
            "<spam@engines>",
            "--reason",
            "a removal request");
    assertThat(done.code()).as(done.err()).isZero();
    assertThat(done.out()).contains("removed post " + t.spam() + " <spam@engines> from engines");
    assertThat(web.client().get("/g/engines/t/" + t.topic() + "/").body())
        .contains(TOMBSTONE)
        .doesNotContain("zorbleflux");
    assertThat(
            one(
                "SELECT new_value || ' by ' || cli_user FROM group_audit WHERE setting ="
                    + " 'remove-post' AND group_id = "
                    + g.id()))
        .isEqualTo("removed: a removal request by " + System.getProperty("user.name"));

    Run twice = cli("post", "remove", "--data", dir.toString(), "engines", "" + t.spam());
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).contains("may have been removed already");

    // The command's jobs are dated by the real clock, ahead of this site's hand-moved one.
    web.clock.advance(Duration.ofDays(3 * 365));
    await("the purge to run in the serving site", Duration.ofSeconds(20), () -> blobs(raw) == 0);
  }

  @Test
  void aCopyStillQueuedForAMemberIsNotSentOnceItsPostIsRemoved() throws Exception {
    int relayPort = freePort(); // nothing listens there yet: the relay is down
    web = new WebSite(dir, Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + relayPort));
    Group g = openGroup("news", true);
    owner(g, "olga@example.com");
    web.member(g, "bea@example.com", "Bea");
    IngestResult.Accepted spam =
        web.mail(
            "news",
            WebSite.message("news", "bot@spam.example", "buy@news", "Buy", null, "Buy now."));
    long post = spam.post().value();
    await(
        "the copy to Bea to fail its first attempt and wait",
        Duration.ofSeconds(30),
        () ->
            count(
                    "SELECT COUNT(*) FROM outbound WHERE state = 'queued' AND attempts >= 1 AND"
                        + " post_id = "
                        + post)
                == 1);

    assertThat(remove(signedIn("olga@example.com"), "news", post, "spam").statusCode())
        .isEqualTo(303);
    relay = greenMail(relayPort);
    web.clock.advance(Duration.ofMinutes(5)); // past the relay job's backoff: it runs again
    await(
        "the relay job to find the post removed",
        Duration.ofSeconds(30),
        () ->
            count("SELECT COUNT(*) FROM outbound WHERE state = 'withdrawn' AND post_id = " + post)
                == 1);
    await("the site's jobs to settle", Duration.ofSeconds(20), () -> web.site.jobs().idle());
    assertThat(RelaySink.inbox(relay, "bea@example.com")).as("Bea's copy").isEmpty();
  }

  @Test
  @Tag("slow") // an embedded PostgreSQL
  void aRemovalAndItsPurgeWorkOnPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      web = new WebSite(dir, Map.of("PARLEY_DB", pg.getJdbcUrl("postgres", "postgres")));
      Group g = openGroup("engines", false);
      owner(g, "olga@example.com");
      Thread t = thread("engines");
      String raw = one("SELECT raw_sha256 FROM posts WHERE id = " + t.spam());
      String file = one("SELECT blob_sha256 FROM attachments WHERE post_id = " + t.spam());
      WebClient owner = signedIn("olga@example.com");
      String topicUrl = "/g/engines/t/" + t.topic() + "/";

      assertThat(remove(owner, "engines", t.spam(), "spam").statusCode()).isEqualTo(303);
      assertThat(owner.get(topicUrl).body())
          .contains(TOMBSTONE)
          .contains("With gears")
          .doesNotContain("zorbleflux");
      assertThat(owner.get("/g/engines/").body()).contains("1<span class=\"unit\"> reply");
      assertThat(owner.get("/g/engines/p/" + t.spam() + "/a/0/offer.txt").statusCode())
          .isEqualTo(404);
      assertThat(one("SELECT new_value FROM group_audit WHERE setting = 'remove-post'"))
          .isEqualTo("removed: spam");
      await(
          "the purge job to delete the removed post's bytes",
          Duration.ofSeconds(20),
          () -> blobs(raw) == 0 && blobs(file) == 0);
      web.close();
      web = null;
    }
  }

  record Run(int code, String out, String err) {}

  /** Runs the command line as an operator would, in this process, against the site's directory. */
  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintStream sysout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Run(code, out + captured.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(sysout);
    }
  }
}
