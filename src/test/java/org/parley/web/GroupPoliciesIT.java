package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Posting;
import org.parley.group.Visibility;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.Corpora;
import org.parley.testkit.RelaySink;
import org.parley.testkit.SmtpClient;

/**
 * Issue 18, item 1: the group settings added for owners — who reads (anyone, signed-in users,
 * members, managers), announcement-only posting, posting by mail or on the web turned off, a ban,
 * and a change of the group's address that keeps the old one as an alias — each take effect at
 * once, on the web and over SMTP.
 */
class GroupPoliciesIT {
  @TempDir Path dir;
  WebSite web;
  Group club;
  WebClient owner;
  WebClient member;
  WebClient stranger;
  WebClient visitor;
  long topic;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    club = web.group("club", true);
    Account olivia = web.account("olivia@example.com", "Olivia Owner", ZoneId.of("UTC"));
    web.site.members().add(club.id(), olivia.id(), Role.OWNER, DeliveryMode.EACH);
    web.member(club, "mia@example.com", "Mia Member");
    web.account("sid@example.com", "Sid Stranger", ZoneId.of("UTC"));
    topic =
        web.mail(
                "club",
                WebSite.message(
                    "club",
                    "Mia Member <mia@example.com>",
                    "first@example.com",
                    "Opening night quokka",
                    null,
                    "The doors open at eight."))
            .topic()
            .value();
    owner = signedIn("olivia@example.com");
    member = signedIn("mia@example.com");
    stranger = signedIn("sid@example.com");
    visitor = web.client();
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  WebClient signedIn(String email) {
    WebClient c = web.client();
    c.login(email, WebSite.PASSWORD);
    return c;
  }

  Group club() {
    return web.site.groups().findById(club.id()).orElseThrow();
  }

  void set(java.util.function.UnaryOperator<Group> edit) {
    web.site.groups().change(club.id(), edit, new ChangedBy.CommandLine("test"));
  }

  SmtpClient.Reply smtp(String from, String to, String subject) throws Exception {
    String raw =
        WebSite.message(
            to.substring(0, to.indexOf('@')),
            from,
            subject.replace(' ', '-') + "@example.org",
            subject,
            null,
            "Words about " + subject + ".");
    try (SmtpClient client = new SmtpClient(web.site.smtpPort())) {
      return client.send(from, List.of(to), Corpora.crlf(raw.getBytes(StandardCharsets.UTF_8)));
    }
  }

  int status(WebClient c, String path) {
    return c.get(path).statusCode();
  }

  @Test
  void signedInReadingShowsTheGroupToEveryAccountAndToNoVisitorNorSearchEngine() {
    set(g -> g.edit().visibility(Visibility.SIGNED_IN).build());
    String page = "/g/club/t/" + topic;
    assertThat(status(visitor, "/g/club/")).isEqualTo(404);
    assertThat(status(visitor, page)).isEqualTo(404);
    assertThat(visitor.get("/search?q=quokka").body()).doesNotContain("Opening night");
    assertThat(status(stranger, "/g/club/")).isEqualTo(200);
    assertThat(status(stranger, page)).isEqualTo(200);
    assertThat(stranger.get("/").body()).contains("/g/club/");
    RelaySink.await(
        "the post is searchable",
        Duration.ofSeconds(20),
        () -> stranger.get("/search?q=quokka").body().contains("Opening night"));
  }

  @Test
  void managersOnlyReadingHidesTheGroupFromItsOwnMembers() {
    set(g -> g.edit().visibility(Visibility.MANAGERS).build());
    String page = "/g/club/t/" + topic;
    assertThat(status(member, "/g/club/")).isEqualTo(404);
    assertThat(status(member, page)).isEqualTo(404);
    assertThat(status(stranger, page)).isEqualTo(404);
    assertThat(status(owner, page)).isEqualTo(200);
    // what it hides reads as a group that does not exist
    assertThat(member.get("/g/club/").body().replace("club", "nosuch"))
        .isEqualTo(member.get("/g/nosuch/").body());
  }

  @Test
  void anAnnouncementGroupTakesPostsFromItsOwnersAndManagersOnly() throws Exception {
    set(g -> g.edit().posting(Posting.MANAGERS).build());
    SmtpClient.Reply refused =
        smtp("Mia Member <mia@example.com>", "club@lists.test", "Can I say something");
    assertThat(refused.code()).isEqualTo(550);
    assertThat(refused.text()).contains("announcement group").contains("mia@example.com");
    SmtpClient.Reply taken =
        smtp("Olivia Owner <olivia@example.com>", "club@lists.test", "Doors at eight");
    assertThat(taken.ok()).as(taken.toString()).isTrue();

    assertThat(member.get("/g/club/").body()).doesNotContain("href=\"/g/club/new\"");
    assertThat(member.submit("/g/club/", "/g/club/new", topicForm("From a member")).statusCode())
        .isEqualTo(403);
    assertThat(owner.submit("/g/club/", "/g/club/new", topicForm("From the owner")).statusCode())
        .isEqualTo(303);
  }

  static Map<String, String> topicForm(String subject) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("subject", subject);
    form.put("body", "Words for " + subject + ".");
    return form;
  }

  @Test
  void postingByMailOffRefusesAtRcptWithAReasonAndTheWebStillTakesPosts() throws Exception {
    set(g -> g.edit().postByEmail(false).build());
    SmtpClient.Reply refused = smtp("Mia Member <mia@example.com>", "club@lists.test", "By mail");
    assertThat(refused.code()).isEqualTo(550);
    assertThat(refused.text()).contains("takes no posts by mail");
    assertThat(member.submit("/g/club/", "/g/club/new", topicForm("On the web")).statusCode())
        .isEqualTo(303);

    set(g -> g.edit().postByEmail(true).build());
    assertThat(smtp("Mia Member <mia@example.com>", "club@lists.test", "By mail again").ok())
        .isTrue();
  }

  @Test
  void postingOnTheWebOffLeavesTheGroupToMail() throws Exception {
    set(g -> g.edit().postOnWeb(false).build());
    assertThat(member.get("/g/club/").body()).doesNotContain("href=\"/g/club/new\"");
    assertThat(member.submit("/g/club/", "/g/club/new", topicForm("On the web")).statusCode())
        .isEqualTo(403);
    assertThat(smtp("Mia Member <mia@example.com>", "club@lists.test", "By mail").ok()).isTrue();
  }

  @Test
  void aGroupThatHoldsDoubtfulPostsHoldsAnOversizedOneWhereItWasRefused() throws Exception {
    set(g -> g.edit().maxBytes(2048).build());
    String big = "Words about it. ".repeat(200);
    SmtpClient.Reply refused = smtpBody("Mia Member <mia@example.com>", "Too long", big);
    assertThat(refused.code()).isEqualTo(552);

    set(g -> g.edit().holdDoubtful(true).build());
    SmtpClient.Reply held = smtpBody("Mia Member <mia@example.com>", "Too long again", big);
    assertThat(held.ok()).as(held.toString()).isTrue();
    assertThat(held.text()).contains("held for a moderator");
    assertThat(owner.get("/g/club/pending").body()).contains("Too long again").contains("max-size");
    // a post that looks like a command for the list server waits too, rather than bouncing
    SmtpClient.Reply command =
        smtpBody("Mia Member <mia@example.com>", "unsubscribe", "unsubscribe");
    assertThat(command.ok()).as(command.toString()).isTrue();
    assertThat(owner.get("/g/club/pending").body()).contains("administrivia");
  }

  SmtpClient.Reply smtpBody(String from, String subject, String body) throws Exception {
    String raw =
        WebSite.message(
            "club", from, subject.replace(' ', '-') + "@example.org", subject, null, body);
    try (SmtpClient client = new SmtpClient(web.site.smtpPort())) {
      return client.send(
          from, List.of("club@lists.test"), Corpora.crlf(raw.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aBannedDomainsMailIsRefusedWithTheGroupsReason() throws Exception {
    web.site.bans().ban(club.id(), "@spam.example", "sold pills", new ChangedBy.CommandLine("t"));
    set(g -> g.edit().posting(Posting.ANYONE).build());
    SmtpClient.Reply refused = smtp("Pat <pat@spam.example>", "club@lists.test", "Cheap pills");
    assertThat(refused.code()).isEqualTo(550);
    assertThat(refused.text()).contains("spam.example").contains("banned").contains("sold pills");
    assertThat(smtp("Stan <stan@else.example>", "club@lists.test", "Hello").ok()).isTrue();
    assertThat(web.site.groups().auditLog().latest(club.id(), 5))
        .anyMatch(e -> e.setting().equals("ban") && e.before().equals("@spam.example"));
  }

  @Test
  void aNewAddressKeepsTheOldOneForMailAndLinks() throws Exception {
    HttpResponse<String> page = owner.get("/g/club/settings");
    Map<String, String> form = GroupSettingsIT.formOf(page.body());
    form.put("address", "Theatre");
    HttpResponse<String> saved = owner.submit("/g/club/settings", "/g/club/settings", form);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
    assertThat(saved.headers().firstValue("Location").orElseThrow())
        .startsWith("/g/theatre/settings?changed=address");
    assertThat(club().name()).isEqualTo(new GroupName("theatre"));

    // old pages lead to the new ones, for those who may read them
    HttpResponse<String> old = visitor.get("/g/club/t/" + topic + "?x=1");
    assertThat(old.statusCode()).isEqualTo(301);
    assertThat(old.headers().firstValue("Location")).contains("/g/theatre/t/" + topic + "?x=1");
    assertThat(status(visitor, "/g/theatre/t/" + topic)).isEqualTo(200);
    // mail to the old address still reaches the group
    assertThat(smtp("Mia Member <mia@example.com>", "club@lists.test", "Old address").ok())
        .isTrue();
    assertThat(smtp("Mia Member <mia@example.com>", "theatre@lists.test", "New address").ok())
        .isTrue();
    assertThat(web.site.reader().postCount(club.id())).isEqualTo(3);
    // the old name is kept: no new group may take it
    assertThat(web.site.groups().aliases(club.id())).containsExactly(new GroupName("club"));
    assertThat(owner.get("/g/theatre/settings").body()).contains("club@lists.test");
    assertThat(web.site.groups().auditLog().latest(club.id(), 5))
        .anyMatch(
            e ->
                e.setting().equals("address")
                    && e.before().equals("club")
                    && e.after().equals("theatre"));

    // a name taken by another group is refused with a sentence, nothing changed
    web.group("other", true);
    Map<String, String> again = GroupSettingsIT.formOf(owner.get("/g/theatre/settings").body());
    again.put("address", "other");
    HttpResponse<String> taken = owner.submit("/g/theatre/settings", "/g/theatre/settings", again);
    assertThat(taken.statusCode()).isEqualTo(422);
    assertThat(taken.body()).contains("That name is taken");
    again.put("address", "bad name!");
    assertThat(owner.submit("/g/theatre/settings", "/g/theatre/settings", again).statusCode())
        .isEqualTo(422);
    assertThat(club().name()).isEqualTo(new GroupName("theatre"));

    // a private group's old pages say nothing to those who may not read it
    set(g -> g.edit().visibility(Visibility.PRIVATE).build());
    assertThat(status(visitor, "/g/club/")).isEqualTo(404);
  }
}
