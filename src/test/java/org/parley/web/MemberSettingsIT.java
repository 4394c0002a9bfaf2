package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.member.DeliveryMode;
import org.parley.member.DisabledReason;
import org.parley.member.Member;
import org.parley.member.SettingsLinks;
import org.parley.testkit.RelaySink;

/**
 * Members choose their mail (issue 19, items 2 and 5): the settings page at {@code /g/<group>/me},
 * in a session and by the signed link in the footer of every copy; a copy of one's own posts; mute
 * and follow a topic; leave. Posts come in over SMTP and copies go out to a real relay (GreenMail).
 */
class MemberSettingsIT {
  private static final Pattern SETTINGS_LINK =
      Pattern.compile("https?://[^/\\s]+(/g/news/me\\?k=[A-Za-z0-9._-]+)");
  private static final Pattern MUTE_LINK =
      Pattern.compile("https?://[^/\\s]+(/g/news/t/(\\d+)/mute\\?k=[A-Za-z0-9._-]+)");

  @TempDir Path dir;
  GreenMail relay;
  WebSite web;
  Group news;
  Account ada;
  Account bea;
  Account cara;
  int sent;
  final Map<String, String> firstOf = new HashMap<>();

  @BeforeEach
  void start() {
    int port = freePort();
    relay = greenMail(port);
    web = new WebSite(dir, Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + port));
    news = web.group("news", false);
    ada = web.member(news, "ada@example.com", "Ada");
    bea = web.member(news, "bea@example.com", "Bea");
    cara = web.member(news, "cara@example.com", "Cara");
  }

  @AfterEach
  void stop() {
    web.close();
    relay.stop();
  }

  @Test
  void aMemberChangesTheirDeliveryAndGetsCopiesOfTheirOwnPostsOnceTheyAskForThem()
      throws Exception {
    WebClient c = signedIn("ada@example.com");
    HttpResponse<String> page = c.get("/g/news/me");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Your mail from NEWS")
        .contains("Every message")
        .contains("One message a day")
        .contains("Send me a copy of my own posts");
    assertThat(member(ada).selfCopy()).as("off by default").isFalse();

    // three posts of her own, before she asks: no copy for her, one each for the others
    post("ada@example.com", "First of Ada's", "a1", 3);
    awaitAllSent();
    assertThat(inbox("ada@example.com")).isEmpty();
    assertThat(inbox("bea@example.com")).hasSize(3);

    HttpResponse<String> saved =
        c.submit("/g/news/me", "/g/news/me", Map.of("delivery", "each", "self_copy", "on"));
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(saved.headers().firstValue("Location")).hasValue("/g/news/me?done=saved");
    assertThat(c.get("/g/news/me?done=saved").body()).contains("Your settings are saved.");
    assertThat(member(ada).selfCopy()).isTrue();

    post("ada@example.com", "Second of Ada's", "a2", 3);
    awaitAllSent();
    assertThat(subjects("ada@example.com")).hasSize(3).allMatch(s -> s.contains("Second of Ada's"));

    HttpResponse<String> none = c.submit("/g/news/me", "/g/news/me", Map.of("delivery", "none"));
    assertThat(none.statusCode()).isEqualTo(303);
    assertThat(member(ada).delivery()).isEqualTo(DeliveryMode.NONE);
    assertThat(member(ada).selfCopy()).as("the box sent unticked").isFalse();
    post("bea@example.com", "Bea writes", "b1", 3);
    awaitAllSent();
    assertThat(inbox("ada@example.com")).as("no email now").hasSize(3);

    HttpResponse<String> bad = c.submit("/g/news/me", "/g/news/me", Map.of("delivery", "fax"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("Choose one of");
    assertThat(audit())
        .anySatisfy(
            e -> {
              assertThat(e.setting()).isEqualTo("delivery");
              assertThat(e.after()).isEqualTo("none");
              assertThat(e.by()).isEqualTo(new ChangedBy.SignedIn(ada.id()));
            });
  }

  @Test
  void aMutedTopicSendsNoCopiesWhileOtherTopicsStillCome() throws Exception {
    long noisy = post("bea@example.com", "Noisy thread", "noisy", 1);
    awaitAllSent();
    WebClient c = signedIn("ada@example.com");
    String topicPage = "/g/news/t/" + noisy + "/";
    assertThat(c.get(topicPage).body()).contains("Mute this topic").doesNotContain("Follow this");
    HttpResponse<String> muted =
        c.submit(
            topicPage, "/g/news/t/" + noisy + "/mute", Map.of("choice", "mute", "back", topicPage));
    assertThat(muted.statusCode()).isEqualTo(303);
    assertThat(muted.headers().firstValue("Location")).hasValue(topicPage);
    assertThat(c.get(topicPage).body()).contains("You have muted this topic.").contains("Unmute");

    post("bea@example.com", "Re: Noisy thread", "noisy", 3);
    post("bea@example.com", "Quiet thread", "quiet", 3);
    awaitAllSent();
    assertThat(subjects("ada@example.com"))
        .as("the first post before she muted it, then only the other topic")
        .hasSize(4)
        .filteredOn(s -> s.contains("Quiet thread"))
        .hasSize(3);
    assertThat(subjects("cara@example.com")).hasSize(7);
    assertThat(c.get("/g/news/me").body()).contains("Noisy thread").contains("Muted");

    // undo from the settings page
    HttpResponse<String> undone =
        c.submit("/g/news/me", "/g/news/t/" + noisy + "/mute", Map.of("choice", "none"));
    assertThat(undone.statusCode()).isEqualTo(303);
    post("bea@example.com", "Re: Noisy thread", "noisy", 3);
    awaitAllSent();
    assertThat(subjects("ada@example.com")).hasSize(7);
  }

  @Test
  void aMemberOnNoEmailWhoFollowsATopicGetsThatTopicOnly() throws Exception {
    web.site.members().setDelivery(news.id(), cara.id(), DeliveryMode.NONE);
    long followed = post("bea@example.com", "Worth following", "worth", 1);
    awaitAllSent();
    assertThat(inbox("cara@example.com")).isEmpty();
    WebClient c = signedIn("cara@example.com");
    String topicPage = "/g/news/t/" + followed + "/";
    assertThat(c.get(topicPage).body()).contains("Follow this topic");
    HttpResponse<String> r =
        c.submit(
            topicPage,
            "/g/news/t/" + followed + "/mute",
            Map.of("choice", "follow", "back", topicPage));
    assertThat(r.statusCode()).isEqualTo(303);

    post("bea@example.com", "Re: Worth following", "worth", 3);
    post("bea@example.com", "Something else", "else", 3);
    awaitAllSent();
    assertThat(subjects("cara@example.com"))
        .hasSize(3)
        .allMatch(s -> s.contains("Re: Worth following"));
    assertThat(inbox("ada@example.com")).hasSize(7);
  }

  @Test
  void theSignedLinkInACopysFooterOpensThePageWithoutASessionAndChangesDelivery() throws Exception {
    post("bea@example.com", "Hello all", "hello", 3);
    awaitAllSent();
    String copy = texts("ada@example.com").getFirst();
    Matcher link = SETTINGS_LINK.matcher(copy);
    assertThat(link.find()).as("the settings link in:\n%s", copy).isTrue();
    assertThat(copy).contains("/u/" + member(ada).token()).contains("Mute this topic");

    WebClient stranger = web.client();
    HttpResponse<String> page = stranger.get(link.group(1));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Your mail from NEWS").contains("name=\"k\"");
    String key = link.group(1).substring(link.group(1).indexOf("k=") + 2);

    // without the page's token the form is refused; with it, it acts for Ada only
    HttpResponse<String> forged =
        stranger.postRaw("/g/news/me", Map.of("k", key, "csrf", "made-up", "delivery", "digest"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(member(ada).delivery()).isEqualTo(DeliveryMode.EACH);
    HttpResponse<String> saved =
        stranger.postRaw(
            "/g/news/me",
            Map.of("k", key, "csrf", WebClient.csrf(page.body()), "delivery", "digest"));
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(saved.headers().firstValue("Location").orElseThrow())
        .startsWith("/g/news/me?k=" + key)
        .endsWith("done=saved");
    assertThat(member(ada).delivery()).isEqualTo(DeliveryMode.DIGEST);
    assertThat(member(bea).delivery()).isEqualTo(DeliveryMode.EACH);
    assertThat(audit())
        .anySatisfy(
            e -> {
              assertThat(e.setting()).isEqualTo("delivery");
              assertThat(e.before()).isEqualTo("member:ada@example.com");
              assertThat(e.by())
                  .as("audited as the member")
                  .isEqualTo(new ChangedBy.SignedIn(ada.id()));
            });

    // the mute link opens a page with a button; the GET itself changes nothing
    Matcher mute = MUTE_LINK.matcher(copy);
    assertThat(mute.find()).isTrue();
    HttpResponse<String> mutePage = stranger.get(mute.group(1));
    assertThat(mutePage.statusCode()).isEqualTo(200);
    assertThat(mutePage.body()).contains("Mute this topic").contains("Hello all");
    assertThat(web.site.topicChoices().list(news.id(), ada.id())).isEmpty();
    HttpResponse<String> muted =
        stranger.postRaw(
            "/g/news/t/" + mute.group(2) + "/mute",
            Map.of("k", key, "csrf", WebClient.csrf(mutePage.body()), "choice", "mute"));
    assertThat(muted.statusCode()).isEqualTo(303);
    assertThat(web.site.topicChoices().list(news.id(), ada.id())).hasSize(1);
  }

  @Test
  void anExpiredOrAlteredLinkIsRefusedWithAWayOn() throws Exception {
    String key = web.site.settingsLinks().key(member(ada).token());
    WebClient stranger = web.client();
    assertThat(stranger.get("/g/news/me?k=" + key).statusCode()).isEqualTo(200);

    String altered = member(bea).token() + key.substring(32);
    HttpResponse<String> bad = stranger.get("/g/news/me?k=" + altered);
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(bad.body()).contains("This link is not valid").contains("Sign in");
    HttpResponse<String> elsewhere = stranger.get("/g/other/me?k=" + key);
    assertThat(elsewhere.statusCode()).as("a key opens its own group's page only").isEqualTo(403);

    web.clock.advance(SettingsLinks.LIFETIME.plusMinutes(1));
    HttpResponse<String> old = stranger.get("/g/news/me?k=" + key);
    assertThat(old.statusCode()).isEqualTo(410);
    assertThat(old.body()).contains("This link has expired").contains("Sign in");
    HttpResponse<String> post =
        stranger.postRaw(
            "/g/news/me", Map.of("k", key, "csrf", WebClient.csrf(old.body()), "delivery", "none"));
    assertThat(post.statusCode()).as("an expired key changes nothing").isEqualTo(410);
    assertThat(member(ada).delivery()).isEqualTo(DeliveryMode.EACH);

    // the expired link's page mails a fresh link to the member, never to whoever asks
    assertThat(old.body()).contains("Mail me a new link");
    HttpResponse<String> asked =
        stranger.postRaw("/g/news/me/link", Map.of("k", key, "csrf", WebClient.csrf(old.body())));
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.body()).contains("A new link is on its way");
    await(
        "the fresh link to reach Ada",
        Duration.ofSeconds(30),
        () -> {
          try {
            return inbox("ada@example.com").length == 1;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    String mailed = texts("ada@example.com").getFirst();
    Matcher fresh = SETTINGS_LINK.matcher(mailed);
    assertThat(fresh.find()).as(mailed).isTrue();
    assertThat(stranger.get(fresh.group(1)).statusCode()).isEqualTo(200);
  }

  @Test
  void aDisabledMemberSeesWhyAndTurnsDeliveryBackOn() throws Exception {
    web.site
        .db()
        .jdbi()
        .useHandle(h -> web.site.members().disable(h, news.id(), ada.id(), DisabledReason.BOUNCES));
    String key = web.site.settingsLinks().key(member(ada).token());
    WebClient stranger = web.client();
    HttpResponse<String> page = stranger.get("/g/news/me?k=" + key);
    assertThat(page.body())
        .contains("kept coming back undelivered")
        .contains("Turn my mail back on");
    HttpResponse<String> r =
        stranger.postRaw(
            "/g/news/me/enable", Map.of("k", key, "csrf", WebClient.csrf(page.body())));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(member(ada).active()).isTrue();
    post("bea@example.com", "Back again", "back", 3);
    awaitAllSent();
    assertThat(inbox("ada@example.com")).hasSize(3);
  }

  @Test
  void aDisabledMemberOfAPrivateGroupSignedInReachesTheirPageAndTurnsDeliveryBackOn() {
    web.site
        .db()
        .jdbi()
        .useHandle(h -> web.site.members().disable(h, news.id(), bea.id(), DisabledReason.BOUNCES));
    WebClient c = signedIn("bea@example.com");
    assertThat(c.get("/g/news/").statusCode())
        .as("a disabled member no longer reads the private group")
        .isEqualTo(404);
    HttpResponse<String> page = c.get("/g/news/me");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Turn my mail back on");
    HttpResponse<String> r = c.submit("/g/news/me", "/g/news/me/enable", Map.of());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(member(bea).active()).isTrue();
    assertThat(c.get("/g/news/").statusCode()).isEqualTo(200);
  }

  @Test
  void aMemberLeavesByTheSignedLinkAfterConfirming() {
    String key = web.site.settingsLinks().key(member(ada).token());
    WebClient stranger = web.client();
    HttpResponse<String> ask = stranger.get("/g/news/me/leave?k=" + key);
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(ask.body()).contains("Leave NEWS?");
    assertThat(web.site.members().find(news.id(), ada.id())).isPresent();
    HttpResponse<String> left =
        stranger.postRaw("/g/news/me/leave", Map.of("k", key, "csrf", WebClient.csrf(ask.body())));
    assertThat(left.statusCode()).isEqualTo(200);
    assertThat(left.body()).contains("You have left NEWS");
    assertThat(web.site.members().find(news.id(), ada.id())).isEmpty();
    assertThat(stranger.get("/g/news/me?k=" + key).statusCode()).isEqualTo(403);
  }

  @Test
  void outsidersGetNothingAndVisitorsAreAskedToSignIn() {
    Group open = web.group("open", true);
    web.account("zoe@example.com", "Zoe", java.time.ZoneId.of("UTC"));
    WebClient zoe = signedIn("zoe@example.com");
    assertThat(zoe.get("/g/news/me").statusCode()).as("a private group").isEqualTo(404);
    HttpResponse<String> notMember = zoe.get("/g/open/me");
    assertThat(notMember.statusCode()).isEqualTo(403);
    assertThat(notMember.body()).contains("You are not a member of OPEN").contains("/g/open/");
    HttpResponse<String> visitor = web.client().get("/g/open/me");
    assertThat(visitor.statusCode()).isEqualTo(303);
    assertThat(visitor.headers().firstValue("Location").orElseThrow()).startsWith("/login");
    assertThat(open.isPublic()).isTrue();
  }

  @Test
  void theAccountsGroupsPageShowsEachGroupWithItsDelivery() {
    Group other = web.group("other", true);
    web.site.members().add(other.id(), ada.id(), org.parley.member.Role.MEMBER, DeliveryMode.NONE);
    WebClient c = signedIn("ada@example.com");
    HttpResponse<String> page = c.get("/settings/groups");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("NEWS")
        .contains("OTHER")
        .contains("href=\"/g/news/me\"")
        .contains("href=\"/g/other/me\"");
    assertThat(c.get("/").body()).contains("href=\"/settings/groups\"");
    HttpResponse<String> r =
        c.submit(
            "/settings/groups",
            "/g/other/me",
            Map.of("delivery", "abridged", "back", "/settings/groups"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/settings/groups?done=saved");
    assertThat(web.site.members().find(other.id(), ada.id()).orElseThrow().delivery())
        .isEqualTo(DeliveryMode.ABRIDGED);
    assertThat(web.client().get("/settings/groups").statusCode()).isEqualTo(303);
  }

  // --- helpers

  private WebClient signedIn(String email) {
    WebClient c = web.client();
    c.login(email, WebSite.PASSWORD);
    return c;
  }

  private Member member(Account a) {
    return web.site.members().find(news.id(), a.id()).orElseThrow();
  }

  private List<AuditLog.Entry> audit() {
    return web.site.groups().auditLog().latest(news.id(), 50);
  }

  /**
   * Posts {@code times} messages from {@code from} over SMTP, one after another. The first post of
   * {@code thread} starts it; the others reply to that first post. Returns their topic.
   */
  private long post(String from, String subject, String thread, int times) throws Exception {
    String id = null;
    for (int i = 0; i < times; i++) {
      id = "m" + (++sent) + "@example.com";
      String parent = firstOf.putIfAbsent(thread, id);
      web.smtp(
          from,
          "news@lists.test",
          WebSite.message("news", from, id, subject, parent, "Message " + i + " of " + subject));
    }
    String last = id;
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT topic_id FROM posts WHERE message_id IN (:a, :b)")
                    .bind("a", last)
                    .bind("b", "<" + last + ">")
                    .mapTo(Long.class)
                    .one());
  }

  /** Waits until every copy the site recorded was handed to the relay. */
  private void awaitAllSent() {
    await(
        "every copy to reach the relay",
        Duration.ofSeconds(30),
        () ->
            web.site.jobs().idle()
                && web.site
                        .db()
                        .jdbi()
                        .withHandle(
                            h ->
                                h.createQuery("SELECT COUNT(*) FROM outbound WHERE state <> 'sent'")
                                    .mapTo(Integer.class)
                                    .one())
                    == 0);
  }

  private MimeMessage[] inbox(String address) throws Exception {
    return RelaySink.inbox(relay, address);
  }

  private List<String> subjects(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : inbox(address)) {
      out.add(m.getSubject());
    }
    return out;
  }

  private List<String> texts(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : inbox(address)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      m.writeTo(b);
      out.add(WebSite.text(b.toByteArray()));
    }
    return out;
  }
}
