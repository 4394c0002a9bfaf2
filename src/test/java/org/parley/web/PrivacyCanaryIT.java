package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.RelaySink;

/**
 * The privacy canary (issue 18): a private group's post and its reply carry one unique word, the
 * canary, in the subject, the body, an attachment's file name and the Message-ID. Whoever is not an
 * active member of the group (a signed-out visitor, a signed-in stranger, a member removed after
 * the post, a member whose membership is disabled, a member of another group) then tries every
 * route the site has under {@code /g/}, the group list, search and the forms: the canary appears in
 * no answer, every answer is the one a group that does not exist gives, and no copy of the mail
 * reaches them. A member sees the canary on the same pages, so the test cannot pass by everything
 * being broken.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyCanaryIT {
  private static final String CANARY = "canary7q3x9";

  /** A word that appears nowhere, searched for to see what a search with no hits answers. */
  private static final String ABSENT = "absent4k2m8";

  private static final String GROUP = "hush";
  private static final String NO_GROUP = "nosuch";
  private static final String MESSAGE_ID = CANARY + "@example.com";
  private static final String REPLY_ID = "re-" + CANARY + "@example.com";
  private static final String FILE_NAME = CANARY + ".txt";

  /**
   * Every route the site registers under a group, as the router spells it: the test tries each of
   * them below, and {@link #everyRouteUnderAGroupIsTried} fails when a new one is not listed here.
   */
  private static final Set<String> TRIED_ROUTES =
      Set.of(
          "GET /g/{group}",
          "GET /g/{group}/t/{topic}",
          "GET /g/{group}/t/{topic}/new-count",
          "GET /g/{group}/mbox.gz",
          "GET /g/{group}/t/{topic}/mbox.gz",
          "GET /g/{group}/m/<rest>",
          "GET /g/{group}/p/{post}/a/{idx}/{filename}",
          "GET /g/{group}/p/{post}/raw",
          "GET /g/{group}/p/{post}/reply-author",
          "GET /g/{group}/p/{post}/forward",
          "GET /g/{group}/new",
          "GET /g/{group}/settings",
          "GET /g/{group}/import",
          "GET /g/{group}/import/{id}",
          "POST /g/{group}/import",
          "GET /g/{group}/pending",
          "GET /g/{group}/p/{post}/remove",
          "GET /g/{group}/requests",
          "POST /g/{group}/ask",
          "POST /g/{group}/requests/{id}/approve",
          "POST /g/{group}/requests/{id}/decline",
          "GET /g/{group}/members",
          "GET /g/{group}/invite/{token}",
          "POST /g/{group}/join",
          "POST /g/{group}/leave",
          "POST /g/{group}/new",
          "POST /g/{group}/t/{topic}/reply",
          "POST /g/{group}/p/{post}/show-images",
          "POST /g/{group}/p/{post}/reply-author",
          "POST /g/{group}/p/{post}/forward",
          "POST /g/{group}/settings",
          "POST /g/{group}/digest/send",
          "POST /g/{group}/pending/{id}/approve",
          "POST /g/{group}/pending/{id}/reject",
          "POST /g/{group}/pending/{id}/discard",
          "POST /g/{group}/pending/{id}/allow",
          "POST /g/{group}/pending/{id}/ban",
          "POST /g/{group}/pending/allowed/remove",
          "POST /g/{group}/p/{post}/remove",
          "POST /g/{group}/members/role",
          "POST /g/{group}/members/remove",
          "POST /g/{group}/members/ban",
          "POST /g/{group}/members/unban",
          "POST /g/{group}/members/add",
          "POST /g/{group}/members/invite",
          "POST /g/{group}/invite/{token}",
          "GET /g/{group}/me",
          "POST /g/{group}/me",
          "POST /g/{group}/me/enable",
          "GET /g/{group}/me/leave",
          "POST /g/{group}/me/leave",
          "POST /g/{group}/me/link",
          "GET /g/{group}/t/{topic}/mute",
          "POST /g/{group}/t/{topic}/mute",
          "GET /g/{group}/feed.atom",
          "GET /g/{group}/posts.atom",
          "GET /g/{group}/t/{topic}/feed.atom");

  private GreenMail relay;
  private WebSite web;
  private long topic;
  private long post;
  private long reply;

  /** The outsiders by name, each with a browser signed in as them (or not signed in at all). */
  private final Map<String, WebClient> outsiders = new LinkedHashMap<>();

  private WebClient member;

  /**
   * The personal feed keys of Ex Member and Off Member, made while their memberships were active:
   * dead once one was removed and the other disabled.
   */
  private final List<String> deadFeedKeys = new ArrayList<>();

  @BeforeAll
  void setUp(@TempDir Path dir) throws Exception {
    int port = freePort();
    relay = greenMail(port);
    web = new WebSite(dir, Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + port));
    Group hush = web.group(GROUP, false);
    Group open = web.group("open", true);
    web.member(hush, "alice@example.com", "Alice");
    web.member(hush, "bea@example.com", "Bea");
    Account ex = web.member(hush, "ex@example.com", "Ex Member");
    Account off = web.member(hush, "off@example.com", "Off Member");
    web.member(hush, "banned@example.com", "Banned Member");
    deadFeedKeys.add(feedKey(hush, ex));
    deadFeedKeys.add(feedKey(hush, off));
    disable(hush, off);
    web.account("stranger@example.com", "Stranger", ZoneId.of("UTC"));
    Account neighbour = web.account("neighbour@example.com", "Neighbour", ZoneId.of("UTC"));
    web.site.members().add(open.id(), neighbour.id(), Role.MEMBER, DeliveryMode.EACH);

    web.smtp("alice@example.com", GROUP + "@lists.test", withAttachment());
    await("the post archived", Duration.ofSeconds(20), () -> postId(MESSAGE_ID) > 0);
    post = postId(MESSAGE_ID);
    topic = topicOf(post);
    await(
        "the post sent to Bea and Ex Member",
        Duration.ofSeconds(20),
        () ->
            inbox("bea@example.com").size() == 1
                && inbox("ex@example.com").size() == 1
                && inbox("banned@example.com").size() == 1);
    // removed after the post: Ex Member had it by mail, but is an outsider now
    web.site.members().remove(hush.id(), ex.id());
    // banned after the post, which ends the membership too: an outsider now, who cannot rejoin
    web.site
        .roster()
        .ban(hush.id(), "banned@example.com", "trolling", true, new ChangedBy.CommandLine("t"));
    web.smtp(
        "bea@example.com",
        GROUP + "@lists.test",
        WebSite.message(
            GROUP,
            "Bea <bea@example.com>",
            REPLY_ID,
            "Re: Plans " + CANARY,
            MESSAGE_ID,
            "Agreed, " + CANARY + " it is."));
    await("the reply archived", Duration.ofSeconds(20), () -> postId(REPLY_ID) > 0);
    reply = postId(REPLY_ID);
    await(
        "the reply sent to Alice",
        Duration.ofSeconds(20),
        () -> inbox("alice@example.com").stream().anyMatch(m -> m.contains("Agreed")));

    member = web.client();
    member.login("bea@example.com", WebSite.PASSWORD);
    await(
        "the post and its reply searchable",
        Duration.ofSeconds(20),
        () -> member.get("/search?q=" + CANARY).body().contains("Agreed"));

    outsiders.put("a signed-out visitor", web.client());
    outsiders.put("a signed-in stranger", signedIn("stranger@example.com"));
    outsiders.put("a member removed after the post", signedIn("ex@example.com"));
    outsiders.put("a member whose membership is disabled", signedIn("off@example.com"));
    outsiders.put("a member of another group", signedIn("neighbour@example.com"));
    outsiders.put("a member banned after the post", signedIn("banned@example.com"));
  }

  @AfterAll
  void tearDown() {
    if (web != null) {
      web.close();
    }
    if (relay != null) {
      relay.stop();
    }
  }

  @Test
  void everyRouteUnderAGroupIsTried() {
    assertThat(registeredGroupRoutes())
        .as(
            "the routes under /g/ that the site registers; add a new one to TRIED_ROUTES and try it")
        .isEqualTo(new TreeSet<>(TRIED_ROUTES));
  }

  @Test
  void aMemberSeesTheCanaryOnEveryPageThatShowsIt() throws Exception {
    assertThat(member.get("/").body()).contains("/g/" + GROUP + "/");
    for (String path : memberPages()) {
      HttpResponse<String> r = member.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).containsIgnoringCase(CANARY);
    }
    HttpResponse<String> permalink = member.get(groupPath(GROUP, "/m/" + MESSAGE_ID + "/"));
    String shown =
        permalink.statusCode() == 200
            ? permalink.body()
            : member.get(permalink.headers().firstValue("Location").orElseThrow()).body();
    assertThat(shown).contains("Plans " + CANARY);
    HttpResponse<byte[]> attachment =
        member.bytes(groupPath(GROUP, "/p/" + post + "/a/0/" + FILE_NAME));
    assertThat(attachment.statusCode()).isEqualTo(200);
    assertThat(new String(attachment.body(), StandardCharsets.UTF_8)).contains(CANARY);
    for (String path : List.of("/mbox.gz", "/t/" + topic + "/mbox.gz")) {
      HttpResponse<byte[]> mbox = member.bytes(groupPath(GROUP, path));
      assertThat(mbox.statusCode()).as(path).isEqualTo(200);
      try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(mbox.body()))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(path).contains(CANARY);
      }
    }
  }

  @Test
  void outsidersFindNoTraceOfThePrivateGroupOnAnyPathOrByMail() throws Exception {
    for (Map.Entry<String, WebClient> o : outsiders.entrySet()) {
      String who = o.getKey();
      WebClient c = o.getValue();
      for (String path : groupGets()) {
        if (ownSettings(who, path)) {
          // their own settings page, where they turn delivery back on: theirs, and nothing else
          HttpResponse<String> own = c.get(groupPath(GROUP, path));
          assertThat(own.statusCode()).as(who + " GET " + path).isEqualTo(200);
          Answer.of(own).assertNoCanary(who + " GET " + path);
          continue;
        }
        Answer seen = Answer.of(c.get(groupPath(GROUP, path)));
        Answer none = Answer.of(c.get(groupPath(NO_GROUP, path))).renamed(NO_GROUP, GROUP);
        seen.assertNoCanary(who + " GET " + path, groupPath(GROUP, path));
        assertThat(seen)
            .as(who + " GET " + path + ", against a group that does not exist")
            .isEqualTo(none);
      }
      for (Search search : searches()) {
        String asked = search.path(CANARY, GROUP);
        Answer seen = Answer.of(c.get(asked));
        Answer none =
            Answer.of(c.get(search.path(ABSENT, NO_GROUP)))
                .renamed(ABSENT, CANARY)
                .renamed(NO_GROUP, GROUP);
        seen.assertNoCanary(who + " " + asked, asked, search.words(CANARY));
        assertThat(seen)
            .as(
                who
                    + " "
                    + asked
                    + ", against a search with no hits in a group that does not exist")
            .isEqualTo(none);
      }
      for (String path : List.of("/", "/?page=2", "/search?q=")) {
        Answer.of(c.get(path)).assertNoCanary(who + " GET " + path);
        assertThat(c.get(path).body()).as(who + " " + path).doesNotContain("/g/" + GROUP + "/");
      }
      Answer signIn = Answer.of(c.get("/login?next=/g/" + GROUP + "/"));
      signIn.assertNoCanary(who + " sign-in page");
      assertThat(signIn)
          .as(who + " sign-in page, against a group that does not exist")
          .isEqualTo(Answer.of(c.get("/login?next=/g/" + NO_GROUP + "/")).renamed(NO_GROUP, GROUP));
      String outsiderAddress = who.contains("visitor") ? "visitor@example.com" : address(who);
      for (Map.Entry<String, Map<String, String>> form : groupPosts(outsiderAddress).entrySet()) {
        String path = form.getKey();
        if (ownSettings(who, path)) {
          continue; // their own settings: enabling or leaving would end what this test looks at
        }
        Answer seen = Answer.of(post(c, groupPath(GROUP, path), form.getValue()));
        Answer none =
            Answer.of(post(c, groupPath(NO_GROUP, path), form.getValue())).renamed(NO_GROUP, GROUP);
        seen.assertNoCanary(who + " POST " + path, groupPath(GROUP, path));
        assertThat(seen)
            .as(who + " POST " + path + ", against a group that does not exist")
            .isEqualTo(none);
      }
    }

    // Whatever the outsiders sent has had its chance to go out. The post and its reply reached the
    // group's active members only, each but its author (Ex Member was one when the post came, no
    // longer for the reply).
    web.awaitMailSent();
    assertThat(inbox("alice@example.com")).hasSize(1).allMatch(m -> m.contains("Agreed"));
    assertThat(inbox("bea@example.com")).hasSize(1).allMatch(m -> m.contains("stays with us"));
    assertThat(inbox("ex@example.com")).hasSize(1).allMatch(m -> !m.contains("Agreed"));
    assertThat(inbox("banned@example.com")).hasSize(1).allMatch(m -> !m.contains("Agreed"));
    for (String outsider :
        List.of(
            "off@example.com",
            "stranger@example.com",
            "neighbour@example.com",
            "visitor@example.com")) {
      assertThat(inbox(outsider)).as("mail to " + outsider).isEmpty();
    }
  }

  /**
   * Whether {@code path} is the member's own settings page (or a form on it) and {@code who} the
   * member whose delivery is off: the one outsider who holds a membership, for whom that page is
   * where delivery is turned back on (a signed link's key is a different matter, tried as for all).
   */
  private static boolean ownSettings(String who, String path) {
    return who.equals("a member whose membership is disabled")
        && (path.equals("/me") || path.startsWith("/me/"));
  }

  /** The paths under a group tried with GET, with the group left out: {@code /g/<group>} + path. */
  private List<String> groupGets() {
    String p = "/p/" + post;
    String r = "/p/" + reply;
    String t = "/t/" + topic;
    return List.of(
        "/",
        "/?sort=newest",
        "/?sort=replies&page=2",
        "/?page=1",
        t + "/",
        t + "/?page=2",
        t + "/new-count?after=0",
        "/mbox.gz",
        t + "/mbox.gz",
        "/m/" + MESSAGE_ID + "/",
        "/m/" + MESSAGE_ID + "/raw",
        "/m/" + REPLY_ID + "/",
        "/m/" + REPLY_ID + "/raw",
        p + "/raw",
        r + "/raw",
        p + "/a/0/" + FILE_NAME,
        p + "/a/1/" + FILE_NAME,
        p + "/a/0/anything.txt",
        p + "/reply-author",
        r + "/reply-author",
        p + "/forward",
        r + "/forward",
        p + "/remove",
        r + "/remove",
        "/new",
        "/settings",
        "/import",
        "/import/1",
        "/pending",
        "/requests",
        "/members",
        "/members?q=alice",
        "/me",
        "/me?k=" + "0".repeat(32) + ".9999999999." + "A".repeat(22),
        "/me/leave",
        t + "/mute",
        "/invite/" + "0".repeat(40),
        "/feed.atom",
        "/posts.atom",
        t + "/feed.atom",
        "/feed.atom?key=1." + "A".repeat(43),
        "/posts.atom?key=" + deadFeedKeys.get(0),
        "/posts.atom?key=" + deadFeedKeys.get(1),
        "/feed.atom?key=" + deadFeedKeys.get(0),
        t + "/feed.atom?key=" + deadFeedKeys.get(1));
  }

  private String feedKey(Group g, Account a) {
    return web.site.feedKeys().key(web.site.members().find(g.id(), a.id()).orElseThrow());
  }

  /** The forms under a group an outsider might post, with what they would fill in. */
  private Map<String, Map<String, String>> groupPosts(String outsiderAddress) {
    String p = "/p/" + post;
    Map<String, Map<String, String>> forms = new LinkedHashMap<>();
    forms.put("/join", Map.of());
    forms.put("/new", Map.of("subject", "Hello", "body", "Let me in."));
    forms.put("/t/" + topic + "/reply", Map.of("body", "Me too."));
    forms.put(p + "/show-images", Map.of());
    forms.put(p + "/reply-author", Map.of("subject", "Hi", "body", "Tell me more."));
    forms.put(p + "/forward", Map.of("to", outsiderAddress, "subject", "Fwd", "body", "For me."));
    forms.put("/settings", Map.of("title", "Mine now"));
    forms.put("/digest/send", Map.of());
    forms.put("/import", Map.of());
    forms.put("/pending/1/approve", Map.of());
    forms.put("/pending/1/reject", Map.of("reason", "no"));
    forms.put("/pending/1/discard", Map.of());
    forms.put("/pending/1/allow", Map.of());
    forms.put("/pending/1/ban", Map.of());
    forms.put("/pending/allowed/remove", Map.of("address", outsiderAddress));
    forms.put(p + "/remove", Map.of("reason", "mine now"));
    forms.put("/ask", Map.of("reason", "Let me in."));
    forms.put("/requests/1/approve", Map.of());
    forms.put("/requests/1/decline", Map.of("reason", "no"));
    forms.put("/members/role", Map.of("account", "1", "role", "owner"));
    forms.put("/members/remove", Map.of("account", "1"));
    forms.put("/members/ban", Map.of("pattern", "alice@example.com", "reason", "no"));
    forms.put("/members/unban", Map.of("pattern", "alice@example.com"));
    forms.put("/members/add", Map.of("addresses", outsiderAddress));
    forms.put("/members/invite", Map.of("addresses", outsiderAddress));
    forms.put("/invite/" + "0".repeat(40), Map.of());
    forms.put("/leave", Map.of());
    forms.put("/me", Map.of("delivery", "none"));
    forms.put("/me/enable", Map.of());
    forms.put("/me/leave", Map.of());
    forms.put("/me/link", Map.of("k", "0".repeat(32) + ".0000000001." + "A".repeat(22)));
    forms.put("/t/" + topic + "/mute", Map.of("choice", "mute"));
    return forms;
  }

  /** The searches tried: the canary alone, as a phrase, by field, and within the group. */
  private static List<Search> searches() {
    return List.of(
        new Search("%s", false),
        new Search("\"%s\"", false),
        new Search("subject:%s", false),
        new Search("from:alice@example.com %s", false),
        new Search("%s", true));
  }

  /**
   * A search: its query, with {@code %s} where the searched word goes, and whether it is limited to
   * the group (the search page's {@code g} parameter).
   */
  private record Search(String query, boolean inGroup) {
    String words(String word) {
      return query.replace("%s", word);
    }

    String path(String word, String group) {
      String path = "/search?q=" + URLEncoder.encode(words(word), StandardCharsets.UTF_8);
      return inGroup ? path + "&g=" + group : path;
    }
  }

  /** The pages on which a member of the group sees the canary. */
  private List<String> memberPages() {
    List<String> pages = new ArrayList<>();
    for (String path :
        List.of(
            "/",
            "/t/" + topic + "/",
            "/m/" + MESSAGE_ID + "/raw",
            "/p/" + reply + "/raw",
            "/feed.atom",
            "/posts.atom",
            "/t/" + topic + "/feed.atom")) {
      pages.add(groupPath(GROUP, path));
    }
    pages.add(groupPath(GROUP, "/p/" + post + "/reply-author"));
    pages.add(groupPath(GROUP, "/p/" + post + "/forward"));
    for (Search search : searches()) {
      pages.add(search.path(CANARY, GROUP));
    }
    return pages;
  }

  private static String groupPath(String group, String path) {
    return "/g/" + group + (path.equals("/") ? "/" : path);
  }

  /** Posts a form with the CSRF token of the client's session, as a page of the site would. */
  private static HttpResponse<String> post(WebClient c, String path, Map<String, String> form) {
    Map<String, String> all = new LinkedHashMap<>(form);
    all.put("csrf", WebClient.csrf(c.get("/login").body()));
    return c.postRaw(path, all);
  }

  private String address(String who) {
    return switch (who) {
      case "a signed-in stranger" -> "stranger@example.com";
      case "a member removed after the post" -> "ex@example.com";
      case "a member whose membership is disabled" -> "off@example.com";
      case "a member of another group" -> "neighbour@example.com";
      case "a member banned after the post" -> "banned@example.com";
      default -> throw new IllegalArgumentException(who);
    };
  }

  private WebClient signedIn(String email) {
    WebClient c = web.client();
    c.login(email, WebSite.PASSWORD);
    return c;
  }

  private void disable(Group g, Account a) {
    web.site
        .db()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE members SET status = 'disabled'"
                            + " WHERE group_id = :g AND account_id = :a")
                    .bind("g", g.id())
                    .bind("a", a.id().value())
                    .execute());
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

  /** The text of each message the relay received for {@code address}. */
  private List<String> inbox(String address) {
    try {
      List<String> texts = new ArrayList<>();
      for (MimeMessage m : RelaySink.inbox(relay, address)) {
        texts.add(WebSite.text(m.getInputStream().readAllBytes()) + m.getSubject());
      }
      return texts;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Alice's post: the canary in its subject, body, attachment's file name and Message-ID. */
  private static String withAttachment() {
    return "From: Alice <alice@example.com>\nTo: "
        + GROUP
        + "@lists.test\nSubject: Plans "
        + CANARY
        + "\nMessage-ID: <"
        + MESSAGE_ID
        + ">\nDate: Sun, 30 Nov 2025 11:00:00 +0000\nMIME-Version: 1.0\n"
        + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
        + "The "
        + CANARY
        + " plan stays with us.\n--b\nContent-Type: text/plain; name=\""
        + FILE_NAME
        + "\"\nContent-Disposition: attachment; filename=\""
        + FILE_NAME
        + "\"\n\nthe "
        + CANARY
        + " details\n--b--\n";
  }

  /**
   * The GET and POST routes under {@code /g/} the running site registered, as "METHOD pattern"
   * (read from its router, as RoleMatrixIT reads the POST routes).
   */
  private Set<String> registeredGroupRoutes() {
    Set<String> found = new TreeSet<>();
    for (String route : web.site.webRoutes()) {
      if (route.startsWith("GET /g/") || route.startsWith("POST /g/")) {
        found.add(route);
      }
    }
    assertThat(found).as("routes the site registers under /g/").isNotEmpty();
    return found;
  }

  /** What a page answered: its status and its body, which the comparisons look at. */
  private record Answer(int status, String body) {
    static Answer of(HttpResponse<String> r) {
      return new Answer(r.statusCode(), r.body());
    }

    Answer renamed(String from, String to) {
      return new Answer(status, body.replace(from, to));
    }

    /**
     * Asserts that the canary is nowhere in the body but in the echoes of what the outsider typed
     * (a not-found page links to sign-in with the address asked for, a search page repeats its
     * query), which tell them nothing they did not know.
     */
    void assertNoCanary(String what, String... typed) {
      String rest = body;
      for (String t : typed) {
        for (String echo :
            List.of(
                t,
                URLEncoder.encode(t, StandardCharsets.UTF_8),
                Urls.encode(t, false),
                Urls.encode(t, true),
                html(t))) {
          rest = rest.replace(echo, "");
        }
      }
      assertThat(rest).as(what).doesNotContainIgnoringCase(CANARY);
    }

    private static String html(String s) {
      return s.replace("&", "&amp;")
          .replace("<", "&lt;")
          .replace(">", "&gt;")
          .replace("\"", "&#34;")
          .replace("'", "&#39;");
    }
  }
}
