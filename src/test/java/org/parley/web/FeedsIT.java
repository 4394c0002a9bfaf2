package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.Group;
import org.parley.group.Posting;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;

/**
 * Atom feeds (issue 20): a group's new topics, all its posts and one conversation, fetched over
 * HTTP from a running site after posts came in by SMTP, and read back with a feed library (Rome's
 * {@link SyndFeedInput}), as a feed reader would. A public group's feeds are anyone's; a private
 * group's are a 404 to visitors, as a group that does not exist, and readable with a member's
 * personal key, which dies with the membership.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedsIT {
  private static final String OKUBO =
      "大久保 ひろし Ōkubo-Łukasiewicz Þórhildur van der Berg-Αλεξανδροπούλου";
  private static final String FIRST = "café-1@example.org";
  private static final String REPLY = "reply-2@example.org";
  private static final String SECOND = "second-3@example.org";
  private static final String SECRET = "secret-1@example.org";

  private WebSite web;
  private Group hush;
  private long topic;
  private Account carl;
  private Account dora;

  @BeforeAll
  void setUp(@TempDir Path dir) throws Exception {
    web = new WebSite(dir);
    Group open = web.group("open", true);
    // anyone may post: a sender who gave no name is not a member, whose name the site would fill in
    open = open.withPosting(Posting.ANYONE, open.replyTo());
    web.site.groups().update(open);
    hush = web.group("hush", false);
    web.member(open, "kubo@example.org", OKUBO);
    web.member(hush, "alice@example.com", "Alice");
    carl = web.member(hush, "carl@example.com", "Carl");
    dora = web.member(hush, "dora@example.com", "Dora");
    web.smtp(
        "kubo@example.org",
        "open@lists.test",
        message(
            "open",
            OKUBO + " <kubo@example.org>",
            FIRST,
            "Первая тема: café <b>bold</b> & مرحبا",
            null,
            "Mon, 1 Dec 2025 09:00:00 +0000",
            "Hello <b>not bold</b> & 你好, see https://example.org/x"));
    web.smtp(
        "nameless@example.net",
        "open@lists.test",
        message(
            "open",
            "nameless@example.net",
            REPLY,
            "Re: Первая тема: café <b>bold</b> & مرحبا",
            FIRST,
            "Mon, 1 Dec 2025 10:00:00 +0000",
            "A reply without a name."));
    web.smtp(
        "kubo@example.org",
        "open@lists.test",
        message(
            "open",
            OKUBO + " <kubo@example.org>",
            SECOND,
            "Second topic ✓",
            null,
            "Mon, 1 Dec 2025 11:00:00 +0000",
            "The newest post."));
    web.smtp(
        "alice@example.com",
        "hush@lists.test",
        message(
            "hush",
            "Alice <alice@example.com>",
            SECRET,
            "Our secret plans",
            null,
            "Mon, 1 Dec 2025 12:00:00 +0000",
            "Nobody else may read this."));
    await(
        "the posts archived",
        Duration.ofSeconds(20),
        () -> postId(FIRST) > 0 && postId(REPLY) > 0 && postId(SECOND) > 0 && postId(SECRET) > 0);
    topic = topicOf(postId(FIRST));
  }

  @AfterAll
  void tearDown() {
    if (web != null) {
      web.close();
    }
  }

  @Test
  void aVisitorReadsAPublicGroupsPostsNewestFirstWithAddressesMasked() throws Exception {
    HttpResponse<String> r = web.client().get("/g/open/posts.atom");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("application/atom+xml; charset=utf-8");
    SyndFeed feed = parse(r.body());
    assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
    assertThat(feed.getTitle()).isEqualTo("OPEN: all posts");
    List<SyndEntry> entries = feed.getEntries();
    assertThat(entries)
        .extracting(SyndEntry::getTitle)
        .containsExactly(
            "Second topic ✓",
            "Re: Первая тема: café <b>bold</b> & مرحبا",
            "Первая тема: café <b>bold</b> & مرحبا");
    assertThat(entries)
        .extracting(SyndEntry::getLink)
        .containsExactly(
            permalink("open", SECOND), permalink("open", REPLY), permalink("open", FIRST));
    assertThat(entries)
        .extracting(SyndEntry::getAuthor)
        .containsExactly(OKUBO, "n…@example.net", OKUBO);
    assertThat(entries.get(2).getPublishedDate().toInstant())
        .isEqualTo(Instant.parse("2025-12-01T09:00:00Z"));
    assertThat(entries.get(0).getUpdatedDate().toInstant())
        .isEqualTo(Instant.parse("2025-12-01T11:00:00Z"));
    assertThat(entries)
        .extracting(SyndEntry::getUri)
        .doesNotHaveDuplicates()
        .allMatch(id -> id.startsWith("tag:lists.test,"));
    // the text is escaped as the page escapes it: the sender's markup is shown, never run
    String content = entries.get(2).getContents().get(0).getValue();
    assertThat(entries.get(2).getContents().get(0).getType()).isEqualTo("html");
    assertThat(content)
        .contains("&lt;b&gt;not bold&lt;/b&gt;")
        .contains("你好")
        .doesNotContain("<b>");
    assertThat(entries.get(2).getDescription().getValue()).contains("你好");
    // the addresses are not shown to a visitor, in any form
    assertThat(r.body()).doesNotContain("kubo@example.org").doesNotContain("nameless@example.net");
    // each entry's link leads to the post
    String path = entries.get(0).getLink().substring(entries.get(0).getLink().indexOf("/g/"));
    HttpResponse<String> post = web.client().get(path);
    String shown =
        post.statusCode() == 200
            ? post.body()
            : web.client().get(post.headers().firstValue("Location").orElseThrow()).body();
    assertThat(shown).contains("The newest post.");
  }

  @Test
  void theNewTopicsFeedHasEachTopicOnceAndTheTopicFeedItsPosts() throws Exception {
    SyndFeed topics = parse(ok(web.client().get("/g/open/feed.atom")));
    assertThat(topics.getEntries())
        .extracting(SyndEntry::getTitle)
        .containsExactly("Second topic ✓", "Первая тема: café <b>bold</b> & مرحبا");
    SyndFeed conversation = parse(ok(web.client().get("/g/open/t/" + topic + "/feed.atom")));
    assertThat(conversation.getTitle()).isEqualTo("Первая тема: café <b>bold</b> & مرحبا (OPEN)");
    assertThat(conversation.getEntries())
        .extracting(SyndEntry::getLink)
        .containsExactly(permalink("open", REPLY), permalink("open", FIRST));
    assertThat(web.client().get("/g/open/t/999999/feed.atom").statusCode()).isEqualTo(404);
    assertThat(web.client().get("/g/hush/t/" + topic + "/feed.atom").statusCode()).isEqualTo(404);
  }

  @Test
  void aMemberWhoSeesAddressesGetsThemInTheFeed() throws Exception {
    Group open = web.site.groups().find(new org.parley.group.GroupName("open")).orElseThrow();
    web.showAddresses(open);
    try {
      WebClient kubo = web.client();
      kubo.login("kubo@example.org", WebSite.PASSWORD);
      SyndFeed feed = parse(ok(kubo.get("/g/open/posts.atom")));
      assertThat(feed.getEntries().get(0).getAuthors().get(0).getEmail())
          .isEqualTo("kubo@example.org");
      assertThat(feed.getEntries().get(1).getAuthor()).isEqualTo("nameless@example.net");
      // a visitor still sees no address
      assertThat(web.client().get("/g/open/posts.atom").body()).doesNotContain("kubo@example.org");
    } finally {
      web.site.groups().update(open);
    }
  }

  @Test
  void thePagesLinkTheirFeedsInTheirHead() {
    String group = ok(web.client().get("/g/open/"));
    assertThat(head(group))
        .contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"OPEN: new topics\""
                + " href=\"/g/open/feed.atom\">")
        .contains("href=\"/g/open/posts.atom\"");
    String conversation = ok(web.client().get("/g/open/t/" + topic + "/"));
    assertThat(head(conversation))
        .contains("type=\"application/atom+xml\"")
        .contains("href=\"/g/open/t/" + topic + "/feed.atom\"");
  }

  @Test
  void aPrivateGroupsFeedsAreA404ToVisitorsAndReadableWithAMembersPersonalKey() throws Exception {
    WebClient visitor = web.client();
    for (String feed :
        List.of("/feed.atom", "/posts.atom", "/t/" + topicOf(postId(SECRET)) + "/feed.atom")) {
      HttpResponse<String> seen = visitor.get("/g/hush" + feed);
      HttpResponse<String> none = visitor.get("/g/nosuch" + feed);
      assertThat(seen.statusCode()).as(feed).isEqualTo(404);
      assertThat(seen.body().replace("nosuch", "hush"))
          .isEqualTo(none.body().replace("nosuch", "hush"));
      assertThat(seen.body()).doesNotContain("secret plans");
    }
    WebClient stranger = web.client();
    web.account("stranger@example.com", "Stranger", java.time.ZoneId.of("UTC"));
    stranger.login("stranger@example.com", WebSite.PASSWORD);
    assertThat(stranger.get("/g/hush/posts.atom").statusCode()).isEqualTo(404);

    // the member's page shows the personal addresses, and says they are personal
    WebClient alice = web.client();
    alice.login("alice@example.com", WebSite.PASSWORD);
    String me = ok(alice.get("/g/hush/me"));
    assertThat(me).contains("These addresses are personal");
    String topics = feedPath(me, "feed.atom");
    String posts = feedPath(me, "posts.atom");
    SyndFeed feed = parse(ok(visitor.get(posts)));
    assertThat(feed.getEntries())
        .extracting(SyndEntry::getTitle)
        .containsExactly("Our secret plans");
    assertThat(parse(ok(visitor.get(topics))).getEntries()).hasSize(1);
    // the page opened by a copy's signed link (which a forwarded copy hands on) shows no key
    Account aliceAccount =
        web.site
            .accounts()
            .find(org.parley.account.EmailAddress.of("alice@example.com"))
            .orElseThrow();
    String byLink =
        ok(
            visitor.get(
                "/g/hush/me?k=" + web.site.settingsLinks().key(member(aliceAccount).token())));
    assertThat(byLink)
        .contains("to see the addresses of the group's feeds")
        .doesNotContain("?key=");
    // the key opens this group only, and a changed key nothing
    String key = posts.substring(posts.indexOf("?key="));
    assertThat(visitor.get("/g/open/posts.atom" + key).statusCode()).isEqualTo(404);
    assertThat(visitor.get("/g/hush/posts.atom" + key + "x").statusCode()).isEqualTo(404);
    assertThat(visitor.get("/g/hush/posts.atom?key=1.AAAA").statusCode()).isEqualTo(404);
  }

  @Test
  void aMembersKeyDiesWhenTheyAreRemovedOrDisabled() throws Exception {
    String carlKey = "?key=" + web.site.feedKeys().key(member(carl));
    String doraKey = "?key=" + web.site.feedKeys().key(member(dora));
    WebClient reader = web.client();
    assertThat(reader.get("/g/hush/posts.atom" + carlKey).statusCode()).isEqualTo(200);
    assertThat(reader.get("/g/hush/posts.atom" + doraKey).statusCode()).isEqualTo(200);

    web.site.members().remove(hush.id(), carl.id());
    web.site
        .db()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE members SET status = 'disabled'"
                            + " WHERE group_id = :g AND account_id = :a")
                    .bind("g", hush.id())
                    .bind("a", dora.id().value())
                    .execute());
    for (String key : List.of(carlKey, doraKey)) {
      HttpResponse<String> r = reader.get("/g/hush/posts.atom" + key);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).doesNotContain("secret plans");
    }
    // joining again makes a new membership: the old key stays dead
    web.site.members().add(hush.id(), carl.id(), Role.MEMBER, DeliveryMode.EACH);
    assertThat(reader.get("/g/hush/posts.atom" + carlKey).statusCode()).isEqualTo(404);
    assertThat(
            reader
                .get("/g/hush/posts.atom?key=" + web.site.feedKeys().key(member(carl)))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aFeedCarriesTheFiftyNewestPosts() throws Exception {
    Group busy = web.group("busy", true);
    web.member(busy, "busy@example.com", "Busy Bee");
    for (int i = 1; i <= 53; i++) {
      web.mail(
          "busy",
          message(
              "busy",
              "Busy Bee <busy@example.com>",
              "busy-" + i + "@example.com",
              "Busy " + i,
              null,
              "Mon, 1 Dec 2025 09:00:00 +0000",
              "Post " + i));
    }
    SyndFeed feed = parse(ok(web.client().get("/g/busy/posts.atom")));
    assertThat(feed.getEntries()).hasSize(50);
    assertThat(feed.getEntries().get(0).getTitle()).isEqualTo("Busy 53");
    assertThat(feed.getEntries().get(49).getTitle()).isEqualTo("Busy 4");
    assertThat(parse(ok(web.client().get("/g/busy/feed.atom"))).getEntries()).hasSize(50);
  }

  private static String message(
      String group,
      String from,
      String id,
      String subject,
      String inReplyTo,
      String date,
      String body) {
    return WebSite.message(group, from, id, subject, inReplyTo, body)
        .replace("Date: Sun, 30 Nov 2025 11:00:00 +0000", "Date: " + date)
        .replace(
            "Subject: " + subject,
            "Subject: =?UTF-8?B?"
                + java.util.Base64.getEncoder()
                    .encodeToString(subject.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "?=")
        .replace("From: " + from, "From: " + encodedFrom(from));
  }

  /** A From line with its display name encoded (RFC 2047), as a mail program sends one. */
  private static String encodedFrom(String from) {
    int lt = from.indexOf(" <");
    if (lt < 0) {
      return from;
    }
    String name = from.substring(0, lt);
    return "=?UTF-8?B?"
        + java.util.Base64.getEncoder()
            .encodeToString(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "?="
        + from.substring(lt);
  }

  private String permalink(String group, String messageId) {
    return web.site.publicBaseUrl()
        + Urls.permalink(group, new org.parley.archive.MessageId(messageId));
  }

  private static SyndFeed parse(String xml) throws Exception {
    return new SyndFeedInput().build(new StringReader(xml));
  }

  private static String ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(200);
    return r.body();
  }

  private static String head(String html) {
    return html.substring(0, html.indexOf("</head>"));
  }

  /** The path of the feed ending in {@code name} among the addresses on a member's page. */
  private static String feedPath(String page, String name) {
    Matcher m =
        Pattern.compile(
                "href=\"https?://[^/\"]+(/g/[^\"]*/" + Pattern.quote(name) + "\\?key=[^\"]+)\"")
            .matcher(page);
    assertThat(m.find()).as("a personal address of " + name + " on the page").isTrue();
    return m.group(1);
  }

  private org.parley.member.Member member(Account a) {
    return web.site.members().find(hush.id(), a.id()).orElseThrow();
  }

  private long postId(String messageId) {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT id FROM posts WHERE message_id = :m")
                    .bind("m", messageId)
                    .mapTo(Long.class)
                    .findOne()
                    .orElse(0L));
  }

  private long topicOf(long postId) {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT topic_id FROM posts WHERE id = :p")
                    .bind("p", postId)
                    .mapTo(Long.class)
                    .one());
  }
}
