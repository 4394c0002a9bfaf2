package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.delivery.CapturedMail;
import org.parley.group.AuditLog;
import org.parley.group.Group;
import org.parley.group.Joining;
import org.parley.group.Visibility;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.SmtpClient;

/**
 * Managing a group's members on the web (issue 18, item 3), over HTTP against a real site: who sees
 * the member list under each {@code member-list} setting and what they see of it, searching and
 * paging it, changing roles (owners only, never the last owner away), removing, banning an address
 * or a domain (its mail is refused over SMTP with the reason, and it cannot join), adding members
 * directly within the day's cap (each mailed a welcome), and invitations that work once, expire,
 * and admit to an invite-only group.
 */
class MembersIT {
  WebSite web;
  Group group;
  Account owner;
  Account manager;
  Account member;
  Account outsider;
  Map<String, WebClient> clients = new LinkedHashMap<>();

  @BeforeEach
  void start(@TempDir Path dir) {
    web = new WebSite(dir, Map.of("PARLEY_MAX_DIRECT_ADDS_PER_DAY", "3"));
    group = web.group("circle", true);
    owner = web.account("olga@example.com", "Olga Owner", ZoneId.of("UTC"));
    manager = web.account("max@example.com", "Max Manager", ZoneId.of("UTC"));
    member = web.account("mia@example.com", "Mia Member", ZoneId.of("UTC"));
    outsider = web.account("sid@example.com", "Sid Stranger", ZoneId.of("UTC"));
    web.site.members().add(group.id(), owner.id(), Role.OWNER, DeliveryMode.EACH);
    web.site.members().add(group.id(), manager.id(), Role.MANAGER, DeliveryMode.EACH);
    web.site.members().add(group.id(), member.id(), Role.MEMBER, DeliveryMode.DIGEST);
    clients.put("visitor", web.client());
    for (Account a : List.of(owner, manager, member, outsider)) {
      WebClient c = web.client();
      c.login(a.email().value(), WebSite.PASSWORD);
      clients.put(a.email().value(), c);
    }
  }

  @AfterEach
  void stop() {
    web.close();
  }

  private WebClient as(Account a) {
    return clients.get(a.email().value());
  }

  private void set(Group g, java.util.function.UnaryOperator<Group.Edit> edit) {
    web.site.groups().update(edit.apply(current(g).edit()).build());
  }

  private Group current(Group g) {
    return web.site.groups().find(g.name()).orElseThrow();
  }

  private static final String LIST = "/g/circle/members";

  /** The answer each viewer gets from the list under a member-list setting. */
  private Map<String, Integer> answers() {
    Map<String, Integer> got = new LinkedHashMap<>();
    got.put("visitor", clients.get("visitor").get(LIST).statusCode());
    for (Account a : List.of(outsider, member, manager, owner)) {
      got.put(a.displayName(), as(a).get(LIST).statusCode());
    }
    return got;
  }

  @Test
  void whoSeesTheListFollowsTheGroupsMemberListSetting() {
    set(group, e -> e.memberList(Visibility.PUBLIC));
    assertThat(answers())
        .containsExactly(
            Map.entry("visitor", 200),
            Map.entry("Sid Stranger", 200),
            Map.entry("Mia Member", 200),
            Map.entry("Max Manager", 200),
            Map.entry("Olga Owner", 200));
    set(group, e -> e.memberList(Visibility.SIGNED_IN));
    // a visitor is asked to sign in (303 to the sign-in page that comes back here)
    assertThat(answers())
        .containsExactly(
            Map.entry("visitor", 303),
            Map.entry("Sid Stranger", 200),
            Map.entry("Mia Member", 200),
            Map.entry("Max Manager", 200),
            Map.entry("Olga Owner", 200));
    assertThat(clients.get("visitor").get(LIST).headers().firstValue("Location"))
        .hasValue("/login?next=%2Fg%2Fcircle%2Fmembers");
    set(group, e -> e.memberList(Visibility.PRIVATE));
    assertThat(answers())
        .containsExactly(
            Map.entry("visitor", 303),
            Map.entry("Sid Stranger", 404),
            Map.entry("Mia Member", 200),
            Map.entry("Max Manager", 200),
            Map.entry("Olga Owner", 200));
    set(group, e -> e.memberList(Visibility.MANAGERS));
    assertThat(answers())
        .containsExactly(
            Map.entry("visitor", 303),
            Map.entry("Sid Stranger", 404),
            Map.entry("Mia Member", 404),
            Map.entry("Max Manager", 200),
            Map.entry("Olga Owner", 200));
    // a private group's list is not there at all for those who may not read the group
    set(group, e -> e.visibility(Visibility.PRIVATE).memberList(Visibility.PUBLIC));
    assertThat(as(outsider).get(LIST).statusCode()).isEqualTo(404);
    assertThat(clients.get("visitor").get(LIST).statusCode()).isEqualTo(404);
  }

  @Test
  void theListShowsAddressesOnlyToThoseWhoMayAndTheGroupPageLinksIt() {
    set(group, e -> e.memberList(Visibility.PRIVATE).showAddresses(false));
    String asMember = as(member).get(LIST).body();
    assertThat(asMember).contains("Olga Owner", "Max Manager", "Mia Member", "manager");
    assertThat(asMember).doesNotContain("olga@example.com", "digest", "Set role", "Remove");
    String asOwner = as(owner).get(LIST).body();
    assertThat(asOwner)
        .contains("olga@example.com", "mia@example.com", "digest", "Set role", "Remove", "Ban");
    assertThat(asOwner).containsPattern("class=\"bounce\">active<");
    set(group, e -> e.showAddresses(true));
    assertThat(as(member).get(LIST).body()).contains("olga@example.com");
    assertThat(as(member).get("/g/circle/").body()).contains("href=\"/g/circle/members\"");
    assertThat(as(outsider).get("/g/circle/").body()).doesNotContain("/g/circle/members");
  }

  @Test
  void theListShowsEachMembersLastPost() {
    web.mail(
        "circle",
        WebSite.message("circle", "Mia Member <mia@example.com>", "p1@x", "Hi", null, "Hello."));
    String page = as(owner).get(LIST).body();
    String miaRow = row(page, member);
    assertThat(miaRow).contains("class=\"last-post\"><time");
    assertThat(row(page, manager)).contains("class=\"last-post\">—<");
  }

  private static String row(String page, Account a) {
    Matcher m =
        Pattern.compile("<tr id=\"member-" + a.id().value() + "\">(.*?)</tr>", Pattern.DOTALL)
            .matcher(page);
    assertThat(m.find()).as("a row for %s", a.email()).isTrue();
    return m.group(1);
  }

  @Test
  void theListIsSearchedByNameOrAddressAndPaged() {
    for (int i = 0; i < 60; i++) {
      web.member(group, String.format("reader%02d@example.org", i), "Reader " + i);
    }
    String all = as(owner).get(LIST).body();
    assertThat(all).contains("63 members", "Page 1 of 2", "href=\"/g/circle/members?page=2\"");
    String second = as(owner).get(LIST + "?page=2").body();
    assertThat(second).contains("Page 2 of 2", "reader59@example.org");
    assertThat(as(owner).get(LIST + "?page=3").statusCode()).isEqualTo(404);
    String byName = as(owner).get(LIST + "?q=mia+mem").body();
    assertThat(byName).contains("1 member matches", "mia@example.com");
    assertThat(byName).doesNotContain("olga@example.com");
    String byAddress = as(owner).get(LIST + "?q=READER07%40").body();
    assertThat(byAddress).contains("1 member matches", "reader07@example.org");
    assertThat(as(owner).get(LIST + "?q=%25").body()).contains("0 members match");
  }

  private HttpResponse<String> post(Account who, String action, Map<String, String> form) {
    return as(who).submit(LIST, LIST + "/" + action, form);
  }

  private Role role(Account a) {
    return web.site.members().find(group.id(), a.id()).map(m -> m.role()).orElse(null);
  }

  private List<String> audit(String action) {
    return web.site.groups().auditLog().latest(group.id(), 100).stream()
        .filter(e -> e.setting().equals(action))
        .map(e -> e.before() + " -> " + e.after())
        .toList();
  }

  @Test
  void onlyOwnersChangeRolesAndAGroupKeepsAnOwner() {
    String mia = Long.toString(member.id().value());
    HttpResponse<String> byManager =
        post(manager, "role", Map.of("account", mia, "role", "manager"));
    assertThat(byManager.statusCode()).isEqualTo(403);
    assertThat(byManager.body()).contains("owners can change roles.");
    assertThat(role(member)).isEqualTo(Role.MEMBER);

    HttpResponse<String> byOwner = post(owner, "role", Map.of("account", mia, "role", "manager"));
    assertThat(byOwner.statusCode()).isEqualTo(303);
    assertThat(byOwner.headers().firstValue("Location")).hasValue(LIST + "?done=role");
    assertThat(role(member)).isEqualTo(Role.MANAGER);
    assertThat(audit("role")).containsExactly("mia@example.com as member -> manager");

    HttpResponse<String> lastOwner =
        post(owner, "role", Map.of("account", Long.toString(owner.id().value()), "role", "member"));
    assertThat(lastOwner.statusCode()).isEqualTo(409);
    assertThat(lastOwner.body()).contains("A group keeps at least one owner");
    assertThat(role(owner)).isEqualTo(Role.OWNER);

    assertThat(post(owner, "role", Map.of("account", mia, "role", "owner")).statusCode())
        .isEqualTo(303);
    assertThat(
            post(
                    owner,
                    "role",
                    Map.of("account", Long.toString(owner.id().value()), "role", "member"))
                .statusCode())
        .as("with a second owner, the first may step down")
        .isEqualTo(303);
    assertThat(role(owner)).isEqualTo(Role.MEMBER);
    assertThat(post(owner, "role", Map.of("account", mia, "role", "manager")).statusCode())
        .as("one who stepped down runs the group no more")
        .isEqualTo(404);
    HttpResponse<String> noSuchRole = post(member, "role", Map.of("account", mia, "role", "chief"));
    assertThat(noSuchRole.statusCode()).isEqualTo(422);
    assertThat(noSuchRole.body()).contains("A role is member, manager or owner.");
  }

  @Test
  void managersRemoveMembersButNotOwners() {
    HttpResponse<String> ownerGone =
        post(manager, "remove", Map.of("account", Long.toString(owner.id().value())));
    assertThat(ownerGone.statusCode()).isEqualTo(403);
    assertThat(ownerGone.body()).contains("Only an owner of the group can remove or ban an owner.");
    assertThat(role(owner)).isEqualTo(Role.OWNER);

    HttpResponse<String> r =
        post(manager, "remove", Map.of("account", Long.toString(member.id().value())));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(role(member)).isNull();
    assertThat(audit("remove-member")).containsExactly("mia@example.com -> removed");
    assertThat(as(owner).get(LIST + "?done=removed").body()).contains("The member is removed.");

    HttpResponse<String> last =
        post(owner, "remove", Map.of("account", Long.toString(owner.id().value())));
    assertThat(last.statusCode()).isEqualTo(409);
    assertThat(role(owner)).isEqualTo(Role.OWNER);
  }

  /** Sends {@code from}'s post to the group over SMTP; the reply. */
  private SmtpClient.Reply smtpPost(String from) throws Exception {
    try (SmtpClient smtp = new SmtpClient(web.site.smtpPort())) {
      return smtp.send(
          from,
          List.of("circle@lists.test"),
          WebSite.message("circle", from, "m" + System.nanoTime() + "@x", "Buy", null, "Now.")
              .replace("\n", "\r\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void aBannedAddressIsRemovedRefusedWithTheReasonAndCannotJoin() throws Exception {
    set(group, e -> e.joining(Joining.OPEN));
    HttpResponse<String> r =
        post(
            manager, "ban", Map.of("pattern", "Mia@Example.com", "reason", "Selling things again"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(role(member)).as("banning a member's address removes them").isNull();
    assertThat(audit("ban")).containsExactly("mia@example.com -> banned: Selling things again");
    assertThat(audit("remove-member")).containsExactly("mia@example.com -> removed: banned");
    String page = as(owner).get(LIST).body();
    assertThat(page).contains("mia@example.com</td>", "Selling things again", "Lift the ban");

    SmtpClient.Reply refused = smtpPost("mia@example.com");
    assertThat(refused.code()).isEqualTo(550);
    assertThat(refused.text()).contains("banned by its moderators (Selling things again)");

    HttpResponse<String> join = as(member).submit("/g/circle/", "/g/circle/join", Map.of());
    assertThat(join.statusCode()).isEqualTo(403);
    assertThat(join.body()).contains("banned from this group by its moderators");
    assertThat(role(member)).isNull();

    assertThat(post(owner, "unban", Map.of("pattern", "mia@example.com")).statusCode())
        .isEqualTo(303);
    assertThat(as(member).submit("/g/circle/", "/g/circle/join", Map.of()).statusCode())
        .isEqualTo(303);
    assertThat(role(member)).isEqualTo(Role.MEMBER);
  }

  @Test
  void aBannedDomainCoversEveryAddressOfIt() throws Exception {
    set(group, e -> e.joining(Joining.OPEN));
    Account spammer = web.account("eve@spam.example", "Eve", ZoneId.of("UTC"));
    web.site.members().add(group.id(), spammer.id(), Role.MEMBER, DeliveryMode.EACH);
    assertThat(post(owner, "ban", Map.of("pattern", "@spam.example", "reason", "")).statusCode())
        .isEqualTo(303);
    assertThat(web.site.members().find(group.id(), spammer.id())).isEmpty();
    assertThat(role(member)).as("other domains stay").isEqualTo(Role.MEMBER);

    SmtpClient.Reply refused = smtpPost("zed@spam.example");
    assertThat(refused.code()).isEqualTo(550);
    assertThat(refused.text()).contains("Addresses at spam.example may not post");

    Account other = web.account("adam@spam.example", "Adam", ZoneId.of("UTC"));
    WebClient c = web.client();
    c.login(other.email().value(), WebSite.PASSWORD);
    HttpResponse<String> join = c.submit("/g/circle/", "/g/circle/join", Map.of());
    assertThat(join.statusCode()).isEqualTo(403);
    assertThat(join.body()).contains("Addresses at spam.example are banned");

    assertThat(post(owner, "add", Map.of("addresses", "new@spam.example")).statusCode())
        .isEqualTo(409);
    assertThat(post(owner, "ban", Map.of("pattern", "not a domain!")).statusCode()).isEqualTo(422);
  }

  @Test
  void directAddsMailAWelcomeAndStopAtTheDailyCap() {
    set(group, e -> e.welcome("Introduce yourself in your first post."));
    HttpResponse<String> r =
        post(
            manager,
            "add",
            Map.of("addresses", "ann@example.net\nbo@example.net\n", "note", "From the meetup"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(LIST + "?done=added");
    web.awaitMailSent();
    for (String address : List.of("ann@example.net", "bo@example.net")) {
      assertThat(web.site.members().find(group.id(), org.parley.account.EmailAddress.of(address)))
          .isPresent();
      String text = welcomeTo(address);
      assertThat(text)
          .contains(
              "You are now a member of CIRCLE (circle@lists.test): one of the people who run the"
                  + " group added you.",
              "From the meetup",
              "Introduce yourself in your first post.",
              web.site.publicBaseUrl() + "/g/circle/",
              web.site.publicBaseUrl() + "/u/",
              "circle-owner@lists.test");
    }
    assertThat(audit("add-member"))
        .containsExactlyInAnyOrder(
            "ann@example.net -> From the meetup", "bo@example.net -> From the meetup");

    int before = web.site.members().list(group.id()).size();
    HttpResponse<String> over =
        post(owner, "add", Map.of("addresses", "cy@example.net, di@example.net"));
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(over.body()).contains("at most 3 people added without their consent in a day");
    assertThat(web.site.members().list(group.id())).hasSize(before);

    HttpResponse<String> bad = post(owner, "add", Map.of("addresses", "cy@example.net\nnope"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("nope is not an email address.");
    assertThat(web.site.members().list(group.id())).hasSize(before);

    assertThat(post(owner, "add", Map.of("addresses", "cy@example.net")).statusCode())
        .isEqualTo(303);
    // the cap counts the last 24 hours: a day later there is room again
    web.clock.advance(Duration.ofHours(25));
    assertThat(post(owner, "add", Map.of("addresses", "di@example.net")).statusCode())
        .isEqualTo(303);
  }

  /** The text of the mail captured for {@code address} whose subject begins as a welcome's. */
  private String welcomeTo(String address) {
    return mailTo(address, "Welcome to CIRCLE");
  }

  private String mailTo(String address, String subject) {
    CapturedMail mail = web.site.capturedMail();
    CapturedMail.Entry e =
        mail.latest(50).stream()
            .filter(x -> x.to().contains(address) && x.subject().equals(subject))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no mail " + subject + " to " + address));
    return WebSite.text(mail.raw(e.id()).orElseThrow());
  }

  private static String link(String text) {
    Matcher m = Pattern.compile("(/g/[a-z]+/invite/[0-9a-f]{40})").matcher(text);
    assertThat(m.find()).as("an invitation link in:\n%s", text).isTrue();
    return m.group(1);
  }

  @Test
  void anInvitationAdmitsToAnInviteOnlyGroupOnce() {
    set(group, e -> e.visibility(Visibility.PRIVATE).joining(Joining.CLOSED).welcome("Be kind."));
    HttpResponse<String> r =
        post(owner, "invite", Map.of("addresses", "sid@example.com", "note", "Come along"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(LIST + "?done=invited");
    assertThat(audit("invite")).containsExactly("sid@example.com -> invited");
    web.awaitMailSent();
    String invitation = mailTo("sid@example.com", "Invitation to join CIRCLE");
    assertThat(invitation)
        .contains("Olga Owner invites you to join CIRCLE (circle@lists.test).", "Come along");
    String link = link(invitation);
    assertThat(invitation).contains(web.site.publicBaseUrl() + link);

    // signed out: the page names the group and asks to sign in, coming back here
    HttpResponse<String> visitor = clients.get("visitor").get(link);
    assertThat(visitor.statusCode()).isEqualTo(200);
    assertThat(visitor.body()).contains("Join CIRCLE", "/login?next=" + link.replace("/", "%2F"));
    assertThat(visitor.body()).doesNotContain("<button type=\"submit\">Join</button>");
    assertThat(clients.get("visitor").submit("/login", link, Map.of()).body())
        .contains("Please sign in");

    HttpResponse<String> page = as(outsider).get(link);
    assertThat(page.body()).contains("You join as sid@example.com.", "Join</button>");
    HttpResponse<String> joined = as(outsider).submit(link, link, Map.of());
    assertThat(joined.statusCode()).isEqualTo(303);
    assertThat(joined.headers().firstValue("Location")).hasValue("/g/circle/");
    assertThat(role(outsider)).isEqualTo(Role.MEMBER);
    assertThat(as(outsider).get("/g/circle/").statusCode()).isEqualTo(200);
    web.awaitMailSent();
    assertThat(welcomeTo("sid@example.com"))
        .contains("You are now a member of CIRCLE (circle@lists.test).", "Be kind.");

    // used once: the second time, and after leaving, the link says so
    web.site.members().remove(group.id(), outsider.id());
    HttpResponse<String> again = as(outsider).get(link);
    assertThat(again.statusCode()).isEqualTo(410);
    assertThat(again.body()).contains("This invitation link has been used or has expired");
    assertThat(as(outsider).submit("/", link, Map.of()).statusCode()).isEqualTo(410);
    assertThat(role(outsider)).isNull();
    // a made-up token in a group that does not exist reads the same
    assertThat(as(outsider).get("/g/nosuch/invite/" + "0".repeat(40)).statusCode()).isEqualTo(410);
  }

  @Test
  void anInvitationExpiresAfterFourteenDays() {
    set(group, e -> e.joining(Joining.CLOSED));
    post(owner, "invite", Map.of("addresses", "sid@example.com"));
    web.awaitMailSent();
    String link = link(mailTo("sid@example.com", "Invitation to join CIRCLE"));
    web.clock.advance(Duration.ofDays(14).plusMinutes(1));
    HttpResponse<String> expired = as(outsider).get(link);
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(expired.body()).contains("used or has expired");
    assertThat(role(outsider)).isNull();
  }

  @Test
  void aBannedAddressCannotBeInvitedNorUseAnInvitation() {
    post(owner, "invite", Map.of("addresses", "sid@example.com"));
    web.awaitMailSent();
    String link = link(mailTo("sid@example.com", "Invitation to join CIRCLE"));
    post(owner, "ban", Map.of("pattern", "sid@example.com", "reason", "Trolling"));
    HttpResponse<String> use = as(outsider).submit(link, link, Map.of());
    assertThat(use.statusCode()).isEqualTo(403);
    assertThat(use.body()).contains("banned from this group by its moderators (Trolling)");
    assertThat(role(outsider)).isNull();
    HttpResponse<String> invite = post(owner, "invite", Map.of("addresses", "sid@example.com"));
    assertThat(invite.statusCode()).isEqualTo(409);
    assertThat(invite.body()).contains("sid@example.com is banned from this group");
  }

  @Test
  void theAuditLogKeepsWhoDidWhat() {
    post(owner, "role", Map.of("account", Long.toString(member.id().value()), "role", "manager"));
    AuditLog.Entry e = web.site.groups().auditLog().latest(group.id(), 1).get(0);
    assertThat(e.setting()).isEqualTo("role");
    assertThat(e.by()).isEqualTo(new org.parley.group.ChangedBy.SignedIn(owner.id()));
  }
}
