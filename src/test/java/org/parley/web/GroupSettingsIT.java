package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
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
import org.parley.delivery.CapturedMail;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Moderation;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.ingest.IngestResult;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.mime.Sizes;
import org.parley.testkit.Corpora;
import org.parley.testkit.RelaySink;
import org.parley.testkit.SmtpClient;

/**
 * Issue 18, item 1: a group's owners and managers change its settings on the web at {@code
 * /g/<group>/settings}; each change takes effect at once, on the pages and by mail, and is listed
 * in the group's audit log on the same page. Nobody else may open the page.
 */
class GroupSettingsIT {
  static final String SETTINGS = "/g/club/settings";

  @TempDir Path dir;
  WebSite web;
  Group club;
  WebClient owner;
  IngestResult.Accepted first;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    club = web.group("club", true);
    Account olivia = web.account("olivia@example.com", "Olivia Owner", ZoneId.of("UTC"));
    web.site.members().add(club.id(), olivia.id(), Role.OWNER, DeliveryMode.EACH);
    Account manny = web.account("manny@example.com", "Manny Manager", ZoneId.of("UTC"));
    web.site.members().add(club.id(), manny.id(), Role.MANAGER, DeliveryMode.EACH);
    web.member(club, "mia@example.com", "Mia Member");
    Group other = web.group("other", true);
    Account otto = web.account("otto@example.com", "Otto Other", ZoneId.of("UTC"));
    web.site.members().add(other.id(), otto.id(), Role.OWNER, DeliveryMode.EACH);
    Account admin = web.account("admin@example.com", "Ada Admin", ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(admin.id(), true);
    first =
        web.mail(
            "club",
            WebSite.message(
                "club",
                "Mia Member <mia@example.com>",
                "first@example.com",
                "Opening night",
                null,
                "The doors open at eight."));
    owner = signedIn("olivia@example.com");
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
    return web.site.groups().find(new GroupName("club")).orElseThrow();
  }

  /** The form as the page sends it for the group as it stands, with {@code changes} typed in. */
  Map<String, String> form(Map<String, String> changes) {
    Group g = club();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("title", g.title());
    form.put("description", g.description());
    form.put("visibility", g.visibility().word());
    form.put("posting", g.posting().word());
    form.put("joining", g.joining().word());
    form.put("reply_to", g.replyTo().word());
    form.put("moderation", g.moderation().word());
    form.put("moderate_first", Integer.toString(g.moderateFirst()));
    form.put("subject_prefix", g.subjectPrefix());
    form.put("footer", g.footer());
    if (g.showAddresses()) {
      form.put("show_addresses", "yes");
    }
    form.put("max_size", Sizes.of(g.maxBytes()));
    form.putAll(changes);
    form.values().removeIf(v -> v == null);
    return form;
  }

  /** The form a browser would send from {@code html}, the settings page, as it stands. */
  static Map<String, String> formOf(String html) {
    Map<String, String> form = new LinkedHashMap<>();
    // the hidden fields that carry each setting as the page showed it
    java.util.regex.Pattern.compile("type=\"hidden\" name=\"(shown_[a-z-]+)\" value=\"([^\"]*)\"")
        .matcher(html)
        .results()
        .forEach(m -> form.put(m.group(1), unescape(m.group(2))));
    java.util.regex.Pattern.compile(
            "name=\"(title|moderate_first|subject_prefix|max_size|spam_threshold|held_days)\""
                + "[^>]*value=\"([^\"]*)\"")
        .matcher(html)
        .results()
        .forEach(m -> form.put(m.group(1), unescape(m.group(2))));
    java.util.regex.Pattern.compile(
            "name=\"(visibility|member_list|posting|joining|reply_to|moderation|show_addresses"
                + "|post_by_email|post_on_web)\" value=\"([^\"]*)\""
                + " checked")
        .matcher(html)
        .results()
        .forEach(m -> form.put(m.group(1), unescape(m.group(2))));
    // HTML drops the one newline that follows <textarea>'s start tag
    java.util.regex.Pattern.compile(
            "name=\"(description|footer|welcome)\"[^>]*>\n?(.*?)</textarea>",
            java.util.regex.Pattern.DOTALL)
        .matcher(html)
        .results()
        .forEach(m -> form.put(m.group(1), unescape(m.group(2))));
    return form;
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#123;", "{")
        .replace("&#125;", "}")
        .replace("&amp;", "&");
  }

  HttpResponse<String> save(WebClient c, Map<String, String> changes) {
    return c.submit(SETTINGS, SETTINGS, form(changes));
  }

  /** Saves as the owner; the answer must be 303 back to the page. */
  void saved(Map<String, String> changes) {
    HttpResponse<String> r = save(owner, changes);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith(SETTINGS + "?changed=");
  }

  @Test
  void theOwnerFindsEverySettingWithWhatItDoesLinkedFromTheGroupPage() {
    assertThat(owner.get("/g/club/").body()).contains("href=\"/g/club/settings\"");
    HttpResponse<String> page = owner.get(SETTINGS);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("name=\"csrf\"")
        .contains("name=\"title\"")
        .contains("name=\"description\"")
        .contains("name=\"visibility\" value=\"private\"")
        .contains("name=\"visibility\" value=\"public\" checked")
        .contains("name=\"posting\" value=\"members\" checked")
        .contains("name=\"joining\" value=\"open\" checked")
        .contains("name=\"reply_to\" value=\"group\" checked")
        .contains("name=\"subject_prefix\" maxlength=\"60\" value=\"[club]\"")
        .contains("name=\"footer\"")
        .contains("name=\"show_addresses\" value=\"yes\"")
        .contains("name=\"max_size\" value=\"25 MB\"")
        .contains("Only members may post, by mail or on the web")
        .contains("Anyone may read the group, signed in or not")
        .contains("No setting has been changed since the group was made.");
    // Sent back as the page shows it, the form changes nothing and says so: not the size the page
    // rounds ("25 MB"), nor a footer that begins with an empty line (HTML drops one newline after
    // <textarea>).
    web.site.groups().update(club().withJoining(Joining.OPEN, "\nFrom {title} & co."));
    String shown = owner.get(SETTINGS).body();
    Map<String, String> asShown = formOf(shown);
    assertThat(asShown).containsEntry("footer", "\nFrom {title} & co.");
    asShown.put("csrf", WebClient.csrf(shown));
    HttpResponse<String> same = owner.postRaw(SETTINGS, asShown);
    assertThat(same.headers().firstValue("Location")).hasValue(SETTINGS + "?changed=");
    assertThat(owner.get(SETTINGS + "?changed=").body()).contains("Nothing changed.");
    assertThat(web.site.groups().auditLog().latest(club.id(), 10)).isEmpty();
    // A plain member's page of the group has no link to it.
    assertThat(signedIn("mia@example.com").get("/g/club/").body())
        .doesNotContain("/g/club/settings");
  }

  @Test
  void ownersManagersAndSiteAdminsMayChangeSettingsAndNobodyElse() {
    assertThat(signedIn("manny@example.com").get(SETTINGS).statusCode()).isEqualTo(200);
    WebClient manny = signedIn("manny@example.com");
    assertThat(save(manny, Map.of("title", "Manny's club")).statusCode()).isEqualTo(303);
    assertThat(club().title()).isEqualTo("Manny's club");
    WebClient admin = signedIn("admin@example.com");
    assertThat(admin.get(SETTINGS).statusCode()).isEqualTo(200);
    assertThat(save(admin, Map.of("title", "The club")).statusCode()).isEqualTo(303);
    assertThat(club().title()).isEqualTo("The club");

    // A plain member and another group's owner get the 404 a private group gives a stranger,
    // for the page and for the form, and change nothing.
    for (String who : List.of("mia@example.com", "otto@example.com")) {
      WebClient c = signedIn(who);
      assertThat(c.get(SETTINGS).statusCode()).as(who).isEqualTo(404);
      Map<String, String> form = form(Map.of("title", "Taken over"));
      form.put("csrf", WebClient.csrf(c.get("/").body()));
      assertThat(c.postRaw(SETTINGS, form).statusCode()).as(who).isEqualTo(404);
    }
    assertThat(signedIn("otto@example.com").get("/g/other/settings").statusCode()).isEqualTo(200);
    assertThat(signedIn("mia@example.com").get("/g/nosuch/settings").statusCode()).isEqualTo(404);

    // A signed-out visitor is sent to sign in and come back, as every page that needs a session;
    // a form sent without a session is refused.
    WebClient visitor = web.client();
    HttpResponse<String> r = visitor.get(SETTINGS);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location"))
        .hasValue("/login?next=" + URLEncoder.encode(SETTINGS, StandardCharsets.UTF_8));
    Map<String, String> form = form(Map.of("title", "Taken over"));
    form.put("csrf", WebClient.csrf(visitor.get("/login").body()));
    assertThat(visitor.postRaw(SETTINGS, form).statusCode()).isEqualTo(403);
    assertThat(club().title()).isEqualTo("The club");
  }

  @Test
  void aGroupMadePrivateIsNoLongerReadableByAVisitorOnTheNextRequest() {
    WebClient visitor = web.client();
    String topic = "/g/club/t/" + first.topic().value() + "/";
    assertThat(visitor.get("/g/club/").statusCode()).isEqualTo(200);
    assertThat(visitor.get(topic).statusCode()).isEqualTo(200);
    assertThat(visitor.get("/").body()).contains("/g/club/");

    saved(Map.of("visibility", "private"));
    assertThat(club().visibility()).isEqualTo(Visibility.PRIVATE);
    assertThat(visitor.get("/g/club/").statusCode()).isEqualTo(404);
    assertThat(visitor.get(topic).statusCode()).isEqualTo(404);
    assertThat(visitor.get("/g/club/m/first@example.com/").statusCode()).isEqualTo(404);
    assertThat(visitor.get("/").body()).doesNotContain("/g/club/");
    // its members still read it
    assertThat(signedIn("mia@example.com").get(topic).statusCode()).isEqualTo(200);

    saved(Map.of("visibility", "public"));
    assertThat(visitor.get(topic).statusCode()).isEqualTo(200);
  }

  @Test
  void whoMayPostDecidesANonMembersMailAtOnce() throws Exception {
    String post =
        WebSite.message(
            "club", "Stan <stan@example.net>", "stan@example.net", "Hello club", null, "Hi all.");
    SmtpClient.Reply refused = smtp("stan@example.net", post);
    assertThat(refused.code()).isEqualTo(550);
    assertThat(refused.text()).contains("only members may post");

    saved(Map.of("posting", "anyone"));
    assertThat(club().posting()).isEqualTo(Posting.ANYONE);
    SmtpClient.Reply taken = smtp("stan@example.net", post);
    assertThat(taken.ok()).as(taken.toString()).isTrue();
    assertThat(web.site.reader().postCount(club.id())).isEqualTo(2);

    saved(Map.of("posting", "members"));
    String again = post.replace("<stan@example.net>\n", "<stan-2@example.net>\n");
    assertThat(smtp("stan@example.net", again).code()).isEqualTo(550);
  }

  /** The moderation setting, chosen on the page, holds a non-member's mail for the queue. */
  @Test
  void moderationChosenOnThePageHoldsANonMembersMailForTheQueue() throws Exception {
    saved(Map.of("moderation", "non-members"));
    assertThat(club().moderation()).isEqualTo(Moderation.NON_MEMBERS);
    String post =
        WebSite.message(
            "club", "Stan <stan@example.net>", "stan@example.net", "Buy now", null, "Cheap.");
    SmtpClient.Reply held = smtp("stan@example.net", post);
    assertThat(held.ok()).as(held.toString()).isTrue();
    assertThat(held.text()).contains("held for a moderator");
    assertThat(web.site.reader().postCount(club.id())).isEqualTo(1);
    assertThat(owner.get("/g/club/pending").body()).contains("Buy now");

    HttpResponse<String> bad = save(owner, Map.of("moderate_first", "0"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("Choose a number from 1 to 1000.");
    saved(Map.of("moderation", "new-members", "moderate_first", "3"));
    assertThat(club().moderation()).isEqualTo(Moderation.NEW_MEMBERS);
    assertThat(club().moderateFirst()).isEqualTo(3);
    assertThat(owner.get(SETTINGS).body())
        .contains("whose posts wait for a moderator")
        .contains("non-members</span> → <span class=\"after\">new-members");
  }

  @Test
  void replyToPrefixAndFooterShapeTheNextCopyAMemberGets() throws Exception {
    saved(
        Map.of(
            "reply_to",
            "author",
            "subject_prefix",
            "[Club news]",
            "footer",
            "Sent to {title}.\r\nSee you there!"));
    Group g = club();
    assertThat(g.replyTo()).isEqualTo(ReplyTo.AUTHOR);
    assertThat(g.subjectPrefix()).isEqualTo("[Club news]");
    assertThat(g.footer()).isEqualTo("Sent to {title}.\nSee you there!");

    web.smtp(
        "mia@example.com",
        "club@lists.test",
        WebSite.message(
            "club",
            "Mia Member <mia@example.com>",
            "second@example.com",
            "Costumes",
            null,
            "Bring a hat."));
    String copy = copyTo("olivia@example.com", "Costumes");
    assertThat(copy).contains("Subject: [Club news] Costumes").doesNotContain("Reply-To:");
    assertThat(WebSite.text(copy.getBytes(StandardCharsets.UTF_8)))
        .contains("Bring a hat.")
        .contains("Sent to CLUB.\nSee you there!");

    saved(Map.of("reply_to", "group", "subject_prefix", "", "footer", ""));
    web.smtp(
        "mia@example.com",
        "club@lists.test",
        WebSite.message(
            "club",
            "Mia Member <mia@example.com>",
            "third@example.com",
            "Tickets",
            null,
            "Sold out."));
    String next = copyTo("olivia@example.com", "Tickets");
    assertThat(next)
        .contains("Subject: Tickets")
        .doesNotContain("[Club news]")
        .contains("Reply-To: <club@lists.test>");
    assertThat(WebSite.text(next.getBytes(StandardCharsets.UTF_8))).doesNotContain("See you there");

    saved(Map.of("reply_to", "both"));
    assertThat(club().replyTo()).isEqualTo(ReplyTo.BOTH);
    web.smtp(
        "mia@example.com",
        "club@lists.test",
        WebSite.message(
            "club",
            "Mia Member <mia@example.com>",
            "fourth@example.com",
            "Parking",
            null,
            "Behind the hall."));
    assertThat(copyTo("olivia@example.com", "Parking"))
        .contains("Reply-To: <mia@example.com>, <club@lists.test>");
  }

  @Test
  void theTitleDescriptionMaximumSizeJoiningAndAddressesTakeEffectAtOnce() throws Exception {
    saved(
        Map.of(
            "max_size",
            "2 KB",
            "joining",
            "closed",
            "show_addresses",
            "yes",
            "title",
            "Players",
            "description",
            "Plays and readings"));
    assertThat(web.client().get("/g/club/").body())
        .contains("<h1>Players")
        .contains("Plays and readings");
    Group g = club();
    assertThat(g.maxBytes()).isEqualTo(2048);
    assertThat(g.joining()).isEqualTo(Joining.CLOSED);
    assertThat(g.showAddresses()).isTrue();
    assertThat(owner.get(SETTINGS).body()).contains("name=\"max_size\" value=\"2 KB\"");

    String big =
        WebSite.message(
            "club",
            "Mia Member <mia@example.com>",
            "big@example.com",
            "Photos",
            null,
            "x".repeat(4000));
    SmtpClient.Reply refused = smtp("mia@example.com", big);
    assertThat(refused.code()).isEqualTo(552);
    assertThat(refused.text()).contains("this group takes messages up to 2 KB");

    // A member sees the author's address on the conversation's page; a newcomer cannot join.
    String topic = "/g/club/t/" + first.topic().value() + "/";
    assertThat(signedIn("manny@example.com").get(topic).body()).contains("mia@example.com");
    WebClient newcomer = web.client();
    web.account("nell@example.com", "Nell", ZoneId.of("UTC"));
    newcomer.login("nell@example.com", WebSite.PASSWORD);
    assertThat(newcomer.get("/g/club/").body()).doesNotContain("Join group");
    assertThat(newcomer.get(topic).body()).doesNotContain("mia@example.com");
  }

  @Test
  void aSaveChangesOnlyWhatItsSenderChangedNotWhatAnotherSavedMeanwhile() {
    String page = owner.get(SETTINGS).body();
    // A manager changes the title while the owner's page is open...
    assertThat(save(signedIn("manny@example.com"), Map.of("title", "Manny's club")).statusCode())
        .isEqualTo(303);
    // ...and the owner, on the page as it was, makes the group private.
    Map<String, String> form = formOf(page);
    assertThat(form).containsEntry("title", "CLUB");
    form.put("visibility", "private");
    form.put("csrf", WebClient.csrf(page));
    HttpResponse<String> r = owner.postRaw(SETTINGS, form);
    assertThat(r.headers().firstValue("Location")).hasValue(SETTINGS + "?changed=visibility");
    Group g = club();
    assertThat(g.title()).isEqualTo("Manny's club");
    assertThat(g.visibility()).isEqualTo(Visibility.PRIVATE);
  }

  @Test
  void aBadValueIsRefusedWith422TheFormKeptAndNothingChanged() {
    HttpResponse<String> r =
        save(owner, Map.of("title", "  ", "max_size", "lots", "description", "Kept as typed"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("Nothing was saved")
        .contains("A group needs a title")
        .contains("Write a size such as 10 MB, 512 KB or a number of bytes.")
        .contains("value=\"lots\"")
        .contains(">\nKept as typed</textarea>");
    HttpResponse<String> tooBig = save(owner, Map.of("max_size", "100 GB", "posting", "anyone"));
    assertThat(tooBig.statusCode()).isEqualTo(422);
    assertThat(tooBig.body())
        .contains(
            "This site takes messages up to " + Sizes.of(web.site.settings().maxMessageBytes()))
        .contains("name=\"posting\" value=\"anyone\" checked");
    HttpResponse<String> forged = save(owner, Map.of("visibility", "everyone"));
    assertThat(forged.statusCode()).isEqualTo(422);
    assertThat(forged.body()).contains("Choose one of the options.");

    Group g = club();
    assertThat(g.title()).isEqualTo("CLUB");
    assertThat(g.description()).isEqualTo("About club");
    assertThat(g.posting()).isEqualTo(Posting.MEMBERS);
    assertThat(g.visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(g.maxBytes()).isEqualTo(club.maxBytes());
    assertThat(web.site.groups().auditLog().latest(club.id(), 10)).isEmpty();
  }

  @Test
  void whatBecomesOfMailAMembersDomainDoesNotVouchForIsChosenOnThePage() {
    String page = owner.get(SETTINGS).body();
    assertThat(page)
        .contains("address that their domain does not vouch for")
        .contains("name=\"dmarc_failure\" value=\"hold\" checked");
    Map<String, String> form = formOf(page);
    form.put("dmarc_failure", "refuse");
    form.put("csrf", WebClient.csrf(page));
    HttpResponse<String> saved = owner.postRaw(SETTINGS, form);
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(club().dmarcFailure()).isEqualTo(org.parley.group.DmarcFailure.REFUSE);
    assertThat(owner.get(saved.headers().firstValue("Location").orElseThrow()).body())
        .contains("mail their domain does not vouch for.")
        .contains("hold</span> → <span class=\"after\">refuse");

    form.put("dmarc_failure", "bounce");
    HttpResponse<String> refused = owner.postRaw(SETTINGS, form);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("Choose one of the options.");
    assertThat(club().dmarcFailure()).isEqualTo(org.parley.group.DmarcFailure.REFUSE);
  }

  @Test
  void theAuditLogListsEachChangeNewestFirstWithWhoAndOldToNew() {
    HttpResponse<String> r = save(owner, Map.of("title", "Drama club", "max_size", "5 MB"));
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(owner.get(location).body()).contains("Saved: title, maximum size.");
    web.clock.advance(Duration.ofMinutes(5));
    assertThat(save(signedIn("manny@example.com"), Map.of("visibility", "private")).statusCode())
        .isEqualTo(303);
    web.clock.advance(Duration.ofMinutes(5));
    web.site
        .groups()
        .change(club.id(), g -> g.withShowAddresses(true), new ChangedBy.CommandLine("root"));

    String page = owner.get(SETTINGS).body();
    String log = page.substring(page.indexOf("id=\"audit\""));
    assertThat(rows(log))
        .containsExactly(
            "the command line (user root) | members see addresses | no → yes",
            "Manny Manager (manny@example.com) | who can read | public → private",
            "Olivia Owner (olivia@example.com) | maximum size | 25 MB → 5 MB",
            "Olivia Owner (olivia@example.com) | title | CLUB → Drama club");
    assertThat(log)
        .contains("Nov 30, 2025, 12:10:00 PM")
        .contains("datetime=\"2025-11-30T12:10:00Z\"");
  }

  /** The audit table's rows as "who | setting | before → after", in the page's order. */
  static List<String> rows(String html) {
    return java.util.regex.Pattern.compile(
            "<td class=\"who\">(.*?)</td>\\s*<td class=\"setting\">(.*?)</td>\\s*<td"
                + " class=\"values\"><span class=\"before\">(.*?)</span> → <span"
                + " class=\"after\">(.*?)</span>",
            java.util.regex.Pattern.DOTALL)
        .matcher(html)
        .results()
        .map(m -> m.group(1) + " | " + m.group(2) + " | " + m.group(3) + " → " + m.group(4))
        .toList();
  }

  SmtpClient.Reply smtp(String from, String raw) throws Exception {
    try (SmtpClient client = new SmtpClient(web.site.smtpPort())) {
      return client.send(
          from, List.of("club@lists.test"), Corpora.crlf(raw.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The copy of the post with {@code subject} that {@code to} got, from the capture relay. */
  String copyTo(String to, String subject) {
    CapturedMail mail = web.site.capturedMail();
    RelaySink.await(
        to + "'s copy of " + subject,
        Duration.ofSeconds(20),
        () ->
            mail.latest(50).stream()
                .anyMatch(e -> e.to().equals(to) && e.subject().contains(subject)));
    long id =
        mail.latest(50).stream()
            .filter(e -> e.to().equals(to) && e.subject().contains(subject))
            .findFirst()
            .orElseThrow()
            .id();
    return new String(mail.raw(id).orElseThrow(), StandardCharsets.UTF_8);
  }
}
