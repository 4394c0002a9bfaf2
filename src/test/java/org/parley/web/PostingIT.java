package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.archive.Post;
import org.parley.archive.TopicId;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;
import org.parley.web.admin.CapturedMailbox;

/** Posting from the web: new topic, Reply all, Reply to author, Forward — over HTTP. */
class PostingIT {
  @TempDir Path dir;
  WebSite web;
  Group news;
  WebClient ada;
  IngestResult.Accepted first;
  String topic;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.member(news, "grace@example.com", "Grace Hopper");
    first =
        web.mail(
            "news",
            WebSite.message(
                "news",
                "Grace Hopper <grace@example.com>",
                "one@example.com",
                "[news] Tide power",
                null,
                "First post."));
    topic = "/g/news/t/" + first.topic().value() + "/";
    ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void newTopicGoesThroughTheIngestorAnswers303AndIsAProperMessage() throws Exception {
    HttpResponse<String> preview =
        ada.submit(
            "/g/news/new",
            "/g/news/new",
            Map.of(
                "subject",
                "Hello",
                "body",
                "Some **bold** <script>x</script>",
                "action",
                "preview"));
    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(preview.body()).contains("<strong>bold</strong>").contains("&lt;script&gt;");
    HttpResponse<String> r =
        ada.submit(
            "/g/news/new",
            "/g/news/new",
            Map.of("subject", "Hello", "body", "Some **bold** words.", "action", "post"));
    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("/g/news/t/\\d+/#p\\d+");
    long topicId = Long.parseLong(location.replaceAll("/g/news/t/(\\d+)/.*", "$1"));
    Post p = web.site.reader().posts(new TopicId(topicId)).get(0);
    assertThat(p.source()).isEqualTo("web");
    assertThat(p.messageId().value()).endsWith("@lists.test");
    String raw = new String(web.site.reader().raw(p), StandardCharsets.UTF_8);
    assertThat(raw)
        .contains("From: Ada Lovelace <ada@example.com>")
        .contains("To: NEWS <news@lists.test>");
    assertThat(raw).contains("Date: ").contains("Content-Type: multipart/alternative");
    assertThat(p.bodyHtml()).contains("<strong>bold</strong>");
    assertThat(ada.get(location.replaceAll("#.*", "")).body())
        .contains("<h1 class=\"topic-subject\">Hello</h1>");
  }

  /**
   * Below the free-space floor a post from the web is not taken: 503 with a sentence, and the text
   * kept in the form for another try.
   */
  @Test
  void onADiskBelowTheFloorAPostIsRefusedWith503AndTheTextIsKept() {
    web.close();
    web = new WebSite(dir, Map.of("PARLEY_MIN_FREE_BYTES", Long.toString(Long.MAX_VALUE)));
    ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    int before = web.site.reader().postCount(news.id());

    HttpResponse<String> r =
        ada.submit(
            "/g/news/new",
            "/g/news/new",
            Map.of("subject", "Kept", "body", "Words worth keeping.", "action", "post"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("short of disk space").contains("Words worth keeping.");
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(before);
  }

  @Test
  void formErrorsAreShownBesideTheirFields() {
    HttpResponse<String> r =
        ada.submit(
            "/g/news/new", "/g/news/new", Map.of("subject", "", "body", "", "action", "post"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("<p class=\"error\" id=\"subject-err\">A topic needs a subject.</p>");
    assertThat(r.body())
        .contains("<p class=\"error\" id=\"body-err\">Write something to post.</p>");
  }

  @Test
  void replyAllIsAPostInTheTopicWithInReplyToAndReferences() throws Exception {
    HttpResponse<String> r =
        ada.submit(
            topic + "?reply=" + first.post().value(),
            topic + "reply",
            Map.of(
                "parent",
                Long.toString(first.post().value()),
                "body",
                "Agreed.",
                "action",
                "post"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith(topic + "#p");
    List<Post> posts = web.site.reader().posts(first.topic());
    assertThat(posts).hasSize(2);
    Post reply = posts.get(1);
    assertThat(reply.subject()).isEqualTo("Re: Tide power");
    String raw = new String(web.site.reader().raw(reply), StandardCharsets.UTF_8);
    assertThat(raw)
        .contains("In-Reply-To: <one@example.com>")
        .contains("References: <one@example.com>");
    assertThat(ada.get(topic).body()).contains("Agreed.");
    // Grace gets it by email, threaded under the post she wrote, as if Ada had mailed it in.
    org.parley.testkit.RelaySink.await(
        "Grace's copy of the reply",
        java.time.Duration.ofSeconds(20),
        () ->
            web.site.capturedMail().latest(10).stream()
                .anyMatch(
                    e -> e.to().equals("grace@example.com") && e.subject().contains("Re: Tide")));
    long id =
        web.site.capturedMail().latest(10).stream()
            .filter(e -> e.to().equals("grace@example.com") && e.subject().contains("Re: Tide"))
            .findFirst()
            .orElseThrow()
            .id();
    String copy = new String(web.site.capturedMail().raw(id).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(copy)
        .contains("In-Reply-To: <one@example.com>")
        .contains("References: <one@example.com>")
        .contains("Message-ID: " + reply.messageId().bracketed())
        .contains("List-Id: ");
    assertThat(WebSite.text(copy.getBytes(StandardCharsets.UTF_8))).contains("Agreed.");
  }

  @Test
  void aPostTooLargeForTheGroupAnswers413WithTheRulesReasonAndKeepsTheText() {
    Group small = news.withMaxBytes(2048);
    web.site.groups().update(small);
    String body = "long line of words ".repeat(300);
    HttpResponse<String> r =
        ada.submit(
            topic,
            topic + "reply",
            Map.of("parent", Long.toString(first.post().value()), "body", body, "action", "post"));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body())
        .contains("<p class=\"error\" role=\"alert\">The message is ")
        .contains("this group takes messages up to");
    assertThat(r.body()).contains(body.strip());
    assertThat(web.site.reader().posts(first.topic())).hasSize(1);
  }

  @Test
  void nonMembersCannotReply() {
    web.account("outsider@example.com", "Outsider", java.time.ZoneId.of("UTC"));
    WebClient outsider = web.client();
    outsider.login("outsider@example.com", WebSite.PASSWORD);
    assertThat(outsider.get(topic).body()).contains("Join this group to reply.");
    HttpResponse<String> r =
        outsider.submit(
            topic,
            topic + "reply",
            Map.of("parent", Long.toString(first.post().value()), "body", "Hi", "action", "post"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(web.site.reader().posts(first.topic())).hasSize(1);
  }

  @Test
  void replyToAuthorIsPrivateMailNotArchivedWithTheReadersReplyTo() {
    String page = "/g/news/p/" + first.post().value() + "/reply-author";
    HttpResponse<String> form = ada.get(page);
    assertThat(form.body())
        .contains("Reply privately to Grace Hopper")
        .contains("value=\"Re: Tide power\"");
    HttpResponse<String> r =
        ada.submit(page, page, Map.of("subject", "Re: Tide power", "body", "Just between us."));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(
            ada.get(r.headers().firstValue("Location").orElseThrow().replaceAll("#.*", "")).body())
        .contains("on its way privately to the author");
    assertThat(web.site.reader().posts(first.topic())).hasSize(1);
    CapturedMailbox.Captured mail = captured().get(0);
    assertThat(mail.rcptTo()).isEqualTo("grace@example.com");
    String raw = new String(mail.raw(), StandardCharsets.UTF_8);
    assertThat(raw).contains("Reply-To: Ada Lovelace <ada@example.com>");
    assertThat(raw).contains("To: Grace Hopper <grace@example.com>");
    assertThat(raw).contains("In-Reply-To: <one@example.com>");
    assertThat(WebSite.text(mail.raw()))
        .contains("Just between us.")
        .contains("http://localhost:" + web.site.webPort() + "/g/news/t/");
  }

  @Test
  void forwardSendsThePostWithANoteAndIsRateLimited() {
    String page = "/g/news/p/" + first.post().value() + "/forward";
    HttpResponse<String> bad = ada.submit(page, page, Map.of("to", "not an address", "body", "x"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("id=\"to-err\"");
    HttpResponse<String> r =
        ada.submit(page, page, Map.of("to", "friend@elsewhere.example", "body", "Look at this"));
    assertThat(r.statusCode()).isEqualTo(303);
    CapturedMailbox.Captured mail = captured().get(0);
    assertThat(mail.rcptTo()).isEqualTo("friend@elsewhere.example");
    String raw = new String(mail.raw(), StandardCharsets.UTF_8);
    assertThat(raw).contains("Subject: Fwd: Tide power");
    assertThat(WebSite.text(mail.raw())).contains("Look at this").contains("First post.");
    assertThat(raw).contains("Reply-To: Ada Lovelace <ada@example.com>");
    for (int i = 1; i < 20; i++) {
      assertThat(
              ada.submit(
                      page,
                      page,
                      Map.of("to", "friend" + i + "@elsewhere.example", "body", "n" + i))
                  .statusCode())
          .isEqualTo(303);
    }
    HttpResponse<String> limited =
        ada.submit(page, page, Map.of("to", "friend21@elsewhere.example", "body", "21"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains("try again later");
    web.clock.advance(java.time.Duration.ofMinutes(61));
    assertThat(
            ada.submit(page, page, Map.of("to", "friend@elsewhere.example", "body", "later"))
                .statusCode())
        .isEqualTo(303);
  }

  @Test
  void capturedMailIsListedForTheSiteAdminOnly() {
    String page = "/g/news/p/" + first.post().value() + "/forward";
    ada.submit(page, page, Map.of("to", "friend@elsewhere.example", "body", "note"));
    web.awaitMailSent();
    assertThat(ada.get("/admin/mail").statusCode()).isEqualTo(403);
    assertThat(web.client().get("/admin/mail").statusCode()).as("to sign in first").isEqualTo(303);
    org.parley.account.Account admin =
        web.account("root@example.com", "Root", java.time.ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(admin.id(), true);
    WebClient root = web.client();
    root.login("root@example.com", WebSite.PASSWORD);
    String list = root.get("/admin/mail").body();
    assertThat(list).contains("friend@elsewhere.example").contains("Fwd: Tide power");
    long id = captured().get(0).id();
    assertThat(root.get("/admin/mail/" + id).body()).contains("Fwd: Tide power");
  }

  @Test
  void mailInQuarantineIsListedForTheSiteAdminOnly() throws Exception {
    org.parley.ingest.Submission boom =
        new org.parley.ingest.Submission(
            news.name(),
            "Subject: <b>boom</b>\r\n\r\nHello.\r\n".getBytes(StandardCharsets.UTF_8),
            new org.parley.ingest.Envelope(
                "stranger@example.net", List.of("news@lists.test"), "127.0.0.1"),
            org.parley.ingest.Source.SMTP);
    for (int i = 0; i < org.parley.ingest.Quarantine.ATTEMPTS; i++) {
      web.site.quarantine().record(boom, news.id(), new IllegalStateException("<b>no</b> parse"));
    }
    assertThat(ada.get("/admin/quarantine").statusCode()).isEqualTo(403);
    org.parley.account.Account admin =
        web.account("root@example.com", "Root", java.time.ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(admin.id(), true);
    WebClient root = web.client();
    root.login("root@example.com", WebSite.PASSWORD);

    String page = root.get("/admin/quarantine").body();
    assertThat(page)
        .contains("stranger@example.net")
        .contains("held")
        .contains("java.lang.IllegalStateException: &lt;b&gt;no&lt;/b&gt; parse")
        .contains("parley quarantine release")
        .doesNotContain("<b>no</b>");
  }

  private List<CapturedMailbox.Captured> captured() {
    web.awaitMailSent();
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT id, mail_from, rcpt_to, subject, raw, captured_at FROM captured_mail"
                            + " WHERE mail_from = 'news-bounces@lists.test' ORDER BY id DESC")
                    .map(
                        (rs, ctx) ->
                            new CapturedMailbox.Captured(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getBytes(5),
                                java.time.Instant.ofEpochMilli(rs.getLong(6))))
                    .list());
  }

  /**
   * Issue 15: Reply all deeper in a thread used to archive and send a message whose header section
   * ended early. Five web replies in a row, each to the one before, under a mailed post with a long
   * Message-ID, by members with long names in other scripts: every archived message and every
   * member's copy parses whole (mime4j and Python's email) and its body is the text posted.
   */
  @Test
  void issue15FiveWebRepliesInARowArePostedWhole() throws Exception {
    web.member(news, "zoe@example.com", "Zoë Ångström-Wittgenstein von und zu Hafenstraße");
    web.member(news, "taro@example.com", "山田 太郎 (やまだ たろう) 港湾委員会の委員長");
    WebClient zoe = web.client();
    zoe.login("zoe@example.com", WebSite.PASSWORD);
    WebClient taro = web.client();
    taro.login("taro@example.com", WebSite.PASSWORD);
    String longId =
        "CAHx-very-long-mailer-generated-id.0123456789abcdef.4711@mail.gmail.example.com";
    IngestResult.Accepted root =
        web.mail(
            "news",
            WebSite.message(
                "news",
                "Grace Hopper <grace@example.com>",
                longId,
                "Очень длинная тема о будущем паромов и гавани — ein sehr langer Betreff 港湾",
                null,
                "The root."));
    String page = "/g/news/t/" + root.topic().value() + "/";
    WebClient[] writers = {ada, zoe, taro, ada, zoe};
    long parent = root.post().value();
    for (int i = 0; i < 5; i++) {
      String body =
          "Reply " + (i + 1) + ": Grüße, привет, こんにちは.\n\n> quoted\n\nDone " + (i + 1) + ".";
      HttpResponse<String> r =
          writers[i].submit(
              page + "?reply=" + parent,
              page + "reply",
              Map.of("parent", Long.toString(parent), "body", body, "action", "post"));
      assertThat(r.statusCode()).as("reply %d: %s", i + 1, r.body()).isEqualTo(303);
      List<Post> posts = web.site.reader().posts(root.topic());
      assertThat(posts).hasSize(i + 2);
      Post reply = posts.get(i + 1);
      byte[] raw = web.site.reader().raw(reply);
      org.parley.testkit.RawMessages.assertWholeHeaderSection(
          raw, "Message-ID", "From", "To", "Subject", "In-Reply-To", "References");
      assertThat(WebSite.text(raw).strip()).isEqualTo(body.strip());
      org.parley.testkit.PythonEmail.Reading py = org.parley.testkit.PythonEmail.read(raw);
      assertThat(py.defects()).as("reply %d", i + 1).isEmpty();
      assertThat(py.text().replace("\r\n", "\n").strip()).isEqualTo(body.strip());
      assertThat(py.header("References")).startsWith("<" + longId + ">");
      assertThat(py.header("References").split("\\s+")).hasSize(i + 1);
      parent = reply.id().value();
      assertThat(ada.get(page).body())
          .contains("Done " + (i + 1) + ".")
          .doesNotContain("MIME-Version");
    }
    // Grace gets every reply by mail, each copy whole.
    org.parley.testkit.RelaySink.await(
        "Grace's five copies",
        java.time.Duration.ofSeconds(30),
        () ->
            web.site.capturedMail().latest(50).stream()
                    .filter(e -> e.to().equals("grace@example.com"))
                    .count()
                >= 5);
    for (var e : web.site.capturedMail().latest(50)) {
      if (!e.to().equals("grace@example.com")) {
        continue;
      }
      byte[] copy = web.site.capturedMail().raw(e.id()).orElseThrow();
      org.parley.testkit.RawMessages.assertWholeHeaderSection(
          copy, "Message-ID", "References", "List-Id");
      assertThat(org.parley.testkit.PythonEmail.read(copy).text()).contains("Grüße, привет");
    }
  }
}
