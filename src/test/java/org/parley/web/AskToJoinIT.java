package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.Joining;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.SmtpClient;
import org.parley.web.JoiningByMailIT.Mail;

/**
 * Asking to join a group that asks (issue 18, item 3): a private group that takes requests shows a
 * stranger its title, its description and the form that asks, and nothing of its topics; the
 * request waits, its owners and managers are mailed a notice with the reason, and one of them
 * approves it by replying, or declines it on the requests page with a reason the asker is mailed.
 */
class AskToJoinIT {
  private static final String CANARY = "zebra-tulip-ledger";

  @TempDir Path dir;
  WebSite web;
  Group cellar;
  Account olga;
  Account max;

  @BeforeEach
  void open() {
    web = new WebSite(dir);
    cellar = web.group("cellar", false);
    cellar = cellar.edit().joining(Joining.ASK).welcome("Mind the stairs.").build();
    web.site.groups().update(cellar);
    olga = web.account("olga@example.org", "Olga Owner", ZoneId.of("UTC"));
    max = web.account("max@example.org", "Max Manager", ZoneId.of("UTC"));
    web.site.members().add(cellar.id(), olga.id(), Role.OWNER, DeliveryMode.NONE);
    web.site.members().add(cellar.id(), max.id(), Role.MANAGER, DeliveryMode.NONE);
    web.mail(
        "cellar",
        WebSite.message(
            "cellar",
            "Olga <olga@example.org>",
            "p1@example.org",
            "Plans " + CANARY,
            null,
            "Hush."));
  }

  @AfterEach
  void close() {
    web.close();
  }

  private WebClient signedIn(String email, String name) {
    web.account(email, name, ZoneId.of("UTC"));
    WebClient c = web.client();
    c.login(email, WebSite.PASSWORD);
    return c;
  }

  private List<Mail> mailTo(String address) {
    web.awaitMailSent();
    return web.site.capturedMail().latest(500).reversed().stream()
        .filter(e -> e.to().contains(address))
        .map(
            e -> {
              byte[] raw = web.site.capturedMail().raw(e.id()).orElseThrow();
              return new Mail(
                  e.subject(),
                  org.parley.mime.HeaderText.field(raw, "Reply-To"),
                  WebSite.text(raw).strip());
            })
        .toList();
  }

  private boolean member(Account a) {
    return web.site.members().find(cellar.id(), a.id()).isPresent();
  }

  private int waiting() {
    return web.site.admissions().requests().count(cellar.id());
  }

  private List<String> audit() {
    return web.site.groups().auditLog().latest(cellar.id(), 20).stream()
        .map(AuditLog.Entry::setting)
        .toList();
  }

  @Test
  void aStrangerFindsOnlyTheTitleAndTheFormAndAVisitorIsSentToSignIn() {
    WebClient stranger = signedIn("sam@example.org", "Sam");
    HttpResponse<String> page = stranger.get("/g/cellar/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("CELLAR").contains("About cellar").contains("Ask to join");
    assertThat(page.body()).doesNotContain(CANARY).doesNotContain("/t/");
    assertThat(stranger.get("/").body())
        .as("the group list shows a group that asks, by its title")
        .contains("/g/cellar/")
        .contains("ask to join")
        .doesNotContain(CANARY);

    WebClient visitor = web.client();
    HttpResponse<String> landing = visitor.get("/g/cellar/");
    assertThat(landing.body()).contains("to ask to join").doesNotContain(CANARY);
    HttpResponse<String> asked =
        visitor.postRaw(
            "/g/cellar/ask",
            Map.of("csrf", WebClient.csrf(visitor.get("/login").body()), "reason", "Hi"));
    assertThat(asked.statusCode()).isEqualTo(403);
    assertThat(asked.body()).contains("Please sign in");
    assertThat(waiting()).isZero();

    // an invited-only private group stays as hidden as one that does not exist
    web.site.groups().update(cellar.edit().joining(Joining.CLOSED).build());
    assertThat(stranger.get("/").body()).doesNotContain("/g/cellar/");
    assertThat(stranger.get("/g/cellar/").statusCode()).isEqualTo(404);
    assertThat(stranger.get("/g/cellar/").body())
        .isEqualTo(stranger.get("/g/nosuch/").body().replace("nosuch", "cellar"));
  }

  @Test
  void aRequestWaitsItsNoticeGoesToTheModeratorsAndAReplyApprovesIt() throws Exception {
    WebClient sam = signedIn("sam@example.org", "Sam Seeker");
    HttpResponse<String> asked =
        sam.submit("/g/cellar/", "/g/cellar/ask", Map.of("reason", "I brew beer too."));
    assertThat(asked.statusCode()).isEqualTo(303);
    assertThat(sam.get("/g/cellar/").body()).contains("Your request to join waits");
    HttpResponse<String> again =
        sam.postRaw(
            "/g/cellar/ask",
            Map.of("csrf", WebClient.csrf(sam.get("/g/cellar/").body()), "reason", "Again"));
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(sam.get("/g/cellar/").body()).contains("Your request to join waits");
    assertThat(waiting()).isEqualTo(1);

    List<Mail> toOlga = mailTo("olga@example.org");
    List<Mail> toMax = mailTo("max@example.org");
    assertThat(toOlga).hasSize(1);
    assertThat(toMax).as("one notice each, however often they ask").hasSize(1);
    assertThat(toOlga.get(0).subject()).contains("Request to join CELLAR").contains("Sam Seeker");
    assertThat(toOlga.get(0).text()).contains("I brew beer too.").contains("/g/cellar/requests");

    SmtpClient.Reply approved =
        JoiningByMailIT.send(
            web,
            "olga@example.org",
            toOlga.get(0).confirmAddress(),
            "Olga <olga@example.org>",
            "Re: Request to join",
            "approve\n\n> Sam Seeker asks to join");
    assertThat(approved.code()).as(approved.toString()).isEqualTo(250);
    Account samAccount =
        web.site
            .accounts()
            .find(org.parley.account.EmailAddress.of("sam@example.org"))
            .orElseThrow();
    assertThat(member(samAccount)).isTrue();
    assertThat(waiting()).isZero();
    assertThat(audit()).contains("approve-join");
    assertThat(mailTo("sam@example.org"))
        .anySatisfy(
            m -> {
              assertThat(m.subject()).isEqualTo("Welcome to CELLAR");
              assertThat(m.text()).contains("Mind the stairs.");
            });
    assertThat(sam.get("/g/cellar/").body()).contains(CANARY);

    // decided: the other moderator's notice acts no more
    SmtpClient.Reply late =
        JoiningByMailIT.send(
            web, "max@example.org", toMax.get(0).confirmAddress(), "max@example.org", "Re", "no");
    assertThat(late.code()).isEqualTo(550);
  }

  @Test
  void aRequestDeclinedOnTheWebMailsTheAskerTheReason() throws Exception {
    WebClient tim = signedIn("tim@example.org", "Tim");
    assertThat(tim.submit("/g/cellar/", "/g/cellar/ask", Map.of("reason", "Curious.")).statusCode())
        .isEqualTo(303);
    WebClient manager = web.client();
    manager.login("max@example.org", WebSite.PASSWORD);
    HttpResponse<String> group = manager.get("/g/cellar/");
    assertThat(group.body()).contains("Requests to join (1)");
    HttpResponse<String> requests = manager.get("/g/cellar/requests");
    assertThat(requests.statusCode()).isEqualTo(200);
    assertThat(requests.body()).contains("Tim &lt;tim@example.org&gt;").contains("Curious.");
    long id = web.site.admissions().requests().waiting(cellar.id()).get(0).id();
    HttpResponse<String> declined =
        manager.submit(
            "/g/cellar/requests",
            "/g/cellar/requests/" + id + "/decline",
            Map.of("reason", "Staff only, sorry."));
    assertThat(declined.statusCode()).isEqualTo(303);
    assertThat(waiting()).isZero();
    assertThat(audit()).contains("decline-join");
    List<Mail> toTim = mailTo("tim@example.org");
    assertThat(toTim).hasSize(1);
    assertThat(toTim.get(0).text()).contains("declined").contains("Staff only, sorry.");
    assertThat(tim.get("/g/cellar/").body()).doesNotContain(CANARY).contains("Ask to join");

    // decided on the web: the notices' replies act no more
    SmtpClient.Reply late =
        JoiningByMailIT.send(
            web,
            "olga@example.org",
            mailTo("olga@example.org").get(0).confirmAddress(),
            "olga@example.org",
            "Re",
            "approve");
    assertThat(late.code()).isEqualTo(550);
    assertThat(
            member(
                web.site
                    .accounts()
                    .find(org.parley.account.EmailAddress.of("tim@example.org"))
                    .orElseThrow()))
        .isFalse();
  }

  @Test
  void aReplyThatDeclinesMailsItsReasonAndATooLongReasonIsRefused() throws Exception {
    WebClient ida = signedIn("ida@example.org", "Ida");
    HttpResponse<String> tooLong =
        ida.submit("/g/cellar/", "/g/cellar/ask", Map.of("reason", "x".repeat(2001)));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("2000 characters");
    assertThat(waiting()).isZero();

    assertThat(ida.submit("/g/cellar/", "/g/cellar/ask", Map.of("reason", "")).statusCode())
        .isEqualTo(303);
    Mail notice = mailTo("max@example.org").get(0);
    assertThat(notice.text()).contains("(no reason given)");
    SmtpClient.Reply declined =
        JoiningByMailIT.send(
            web,
            "max@example.org",
            notice.confirmAddress(),
            "Max <max@example.org>",
            "Re: Request to join",
            "no Not this year.");
    assertThat(declined.code()).as(declined.toString()).isEqualTo(250);
    assertThat(waiting()).isZero();
    assertThat(mailTo("ida@example.org"))
        .singleElement()
        .satisfies(m -> assertThat(m.text()).contains("Not this year."));
  }

  @Test
  void aBannedAddressCannotAsk() {
    web.site
        .bans()
        .ban(
            cellar.id(),
            "ugo@example.org",
            "Trolled the last group.",
            new ChangedBy.CommandLine("t"));
    WebClient ugo = signedIn("ugo@example.org", "Ugo");
    HttpResponse<String> page = ugo.get("/g/cellar/");
    assertThat(page.body())
        .contains("Trolled the last group.")
        .doesNotContain("Ask to join</button>");
    HttpResponse<String> asked =
        ugo.postRaw(
            "/g/cellar/ask",
            Map.of("csrf", WebClient.csrf(ugo.get("/").body()), "reason", "Please"));
    assertThat(asked.statusCode()).isEqualTo(403);
    assertThat(asked.body()).contains("Trolled the last group.");
    assertThat(waiting()).isZero();
    assertThat(mailTo("olga@example.org")).isEmpty();
  }

  @Test
  void aJoinConfirmedByMailToAGroupThatAsksBecomesARequest() throws Exception {
    assertThat(
            JoiningByMailIT.send(
                    web, "vi@example.org", "cellar-join@lists.test", "Vi <vi@example.org>", "", "")
                .code())
        .isEqualTo(250);
    Mail confirm = mailTo("vi@example.org").get(0);
    SmtpClient.Reply r =
        JoiningByMailIT.send(
            web, "vi@example.org", confirm.confirmAddress(), "vi@example.org", "Re", "");
    assertThat(r.code()).isEqualTo(250);
    assertThat(r.text()).contains("waits for its owners");
    assertThat(waiting()).isEqualTo(1);
    assertThat(mailTo("olga@example.org")).hasSize(1);
  }
}
