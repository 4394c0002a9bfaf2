package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.Joining;
import org.parley.mime.HeaderText;
import org.parley.testkit.Corpora;
import org.parley.testkit.SmtpClient;

/**
 * Joining and leaving by mail (issue 18, item 3), over the site's real SMTP listener and its web
 * pages: a message to a group's join or leave address is answered 250 with one sentence and a
 * confirmation mailed to its sender; a reply to it, or its link's button, joins (with the welcome
 * mail) or leaves. Invited-only groups and banned addresses are refused at the door with a reason;
 * an address is mailed one confirmation per group per hour, automatic mail none, and a leave for an
 * address that is no member mails nothing and answers as one for a member.
 */
class JoiningByMailIT {
  private static final Pattern CONFIRM =
      Pattern.compile("[a-z0-9.-]+-confirm\\+[0-9a-f]{40}@lists\\.test");
  private static final Pattern LINK = Pattern.compile("http://[^\\s]+/confirm/([0-9a-f]{40})");

  @TempDir Path dir;
  WebSite web;
  Group news;

  @BeforeEach
  void open() {
    web = new WebSite(dir);
    news = web.group("news", true);
    news = news.edit().joining(Joining.OPEN).welcome("Be kind, and sign your posts.").build();
    web.site.groups().update(news);
  }

  @AfterEach
  void close() {
    web.close();
  }

  /** A mail the site sent, as its reader gets it. */
  record Mail(String subject, String replyTo, String text) {
    String confirmAddress() {
      Matcher m = CONFIRM.matcher(replyTo);
      assertThat(m.find()).as("a -confirm+<token>@ Reply-To in " + replyTo).isTrue();
      return m.group();
    }

    String linkPath() {
      Matcher m = LINK.matcher(text);
      assertThat(m.find()).as("a /confirm/<token> link in\n" + text).isTrue();
      return "/confirm/" + m.group(1);
    }
  }

  /** Every mail the site has sent to {@code address}, oldest first, once the queue is empty. */
  List<Mail> mailTo(String address) {
    web.awaitMailSent();
    return web.site.capturedMail().latest(500).reversed().stream()
        .filter(e -> e.to().contains(address))
        .map(
            e -> {
              byte[] raw = web.site.capturedMail().raw(e.id()).orElseThrow();
              return new Mail(
                  e.subject(), HeaderText.field(raw, "Reply-To"), WebSite.text(raw).strip());
            })
        .toList();
  }

  static SmtpClient.Reply send(
      WebSite web, String mailFrom, String to, String from, String subject, String body)
      throws Exception {
    return send(web, mailFrom, to, from, subject, body, "");
  }

  static SmtpClient.Reply send(
      WebSite web,
      String mailFrom,
      String to,
      String from,
      String subject,
      String body,
      String extraHeaders)
      throws Exception {
    String raw =
        "From: "
            + from
            + "\nTo: "
            + to
            + "\nSubject: "
            + subject
            + "\nMessage-ID: <"
            + System.nanoTime()
            + "@example.org>\n"
            + extraHeaders
            + "\n"
            + body
            + "\n";
    try (SmtpClient smtp = new SmtpClient(web.site.smtpPort())) {
      return smtp.send(mailFrom, List.of(to), Corpora.crlf(raw.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private boolean member(String address) {
    return web.site.members().find(news.id(), EmailAddress.of(address)).isPresent();
  }

  @Test
  void joiningByMailIsConfirmedByAReplyAndWelcomesTheNewMember() throws Exception {
    SmtpClient.Reply asked =
        send(
            web,
            "ada@example.org",
            "news-join@lists.test",
            "Ada Lovelace <ada@example.org>",
            "",
            "");
    assertThat(asked.code()).as(asked.toString()).isEqualTo(250);
    assertThat(asked.text()).contains("a confirmation is on its way");
    assertThat(member("ada@example.org")).as("nothing happens before the confirmation").isFalse();

    List<Mail> mail = mailTo("ada@example.org");
    assertThat(mail).hasSize(1);
    assertThat(mail.get(0).subject()).isEqualTo("Please confirm: join NEWS");
    assertThat(mail.get(0).text()).contains("reply to this message").contains("7 days");

    SmtpClient.Reply confirmed =
        send(
            web,
            "ada@example.org",
            mail.get(0).confirmAddress(),
            "Ada Lovelace <ada@example.org>",
            "Re: Please confirm: join NEWS",
            "\n> Someone, hopefully you, asked to join NEWS");
    assertThat(confirmed.code()).as(confirmed.toString()).isEqualTo(250);
    assertThat(confirmed.text()).contains("You are a member of NEWS");
    assertThat(member("ada@example.org")).isTrue();
    Account ada = web.site.accounts().find(EmailAddress.of("ada@example.org")).orElseThrow();
    assertThat(ada.displayName()).isEqualTo("Ada Lovelace");

    List<Mail> after = mailTo("ada@example.org");
    assertThat(after).hasSize(2);
    assertThat(after.get(1).subject()).isEqualTo("Welcome to NEWS");
    assertThat(after.get(1).text())
        .contains("news@lists.test")
        .contains("Be kind, and sign your posts.");

    // the token acts once: a second reply to it is refused at RCPT
    SmtpClient.Reply again =
        send(web, "ada@example.org", mail.get(0).confirmAddress(), "ada@example.org", "Re", "");
    assertThat(again.code()).isEqualTo(550);
  }

  @Test
  void theLinkShowsWhatItWillDoAndOnlyItsButtonJoins() throws Exception {
    assertThat(
            send(web, "bo@example.org", "news+subscribe@lists.test", "bo@example.org", "", "")
                .code())
        .isEqualTo(250);
    String link = mailTo("bo@example.org").get(0).linkPath();

    WebClient browser = web.client();
    HttpResponse<String> page = browser.get(link);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Join NEWS").contains("bo@example.org");
    assertThat(browser.get(link).statusCode())
        .as("opening it again still only asks")
        .isEqualTo(200);
    assertThat(member("bo@example.org"))
        .as("a GET, as a link scanner sends, joins nobody")
        .isFalse();

    HttpResponse<String> joined =
        browser.postRaw(link, Map.of("csrf", WebClient.csrf(page.body())));
    assertThat(joined.statusCode()).isEqualTo(200);
    assertThat(joined.body()).contains("You are a member of NEWS");
    assertThat(member("bo@example.org")).isTrue();
    assertThat(mailTo("bo@example.org")).extracting(Mail::subject).contains("Welcome to NEWS");

    HttpResponse<String> used = browser.get(link);
    assertThat(used.statusCode()).isEqualTo(404);
    assertThat(used.body()).contains("unknown, already used or expired");
  }

  @Test
  void anAddressIsMailedOneConfirmationAnHourAndAutomaticMailNone() throws Exception {
    assertThat(
            send(web, "cy@example.org", "news-subscribe@lists.test", "cy@example.org", "", "")
                .code())
        .isEqualTo(250);
    SmtpClient.Reply second =
        send(web, "cy@example.org", "news-join@lists.test", "cy@example.org", "", "");
    assertThat(second.code()).isEqualTo(250);
    assertThat(second.text()).contains("within the hour");
    assertThat(mailTo("cy@example.org")).hasSize(1);

    web.clock.advance(Duration.ofMinutes(61));
    assertThat(send(web, "cy@example.org", "news-join@lists.test", "cy@example.org", "", "").code())
        .isEqualTo(250);
    assertThat(mailTo("cy@example.org")).as("a new hour, a new confirmation").hasSize(2);

    // a null return path (a bounce) and an auto-submitted message are answered, never mailed
    assertThat(send(web, "<>", "news-join@lists.test", "dee@example.org", "", "").code())
        .isEqualTo(250);
    assertThat(
            send(
                    web,
                    "dee@example.org",
                    "news-join@lists.test",
                    "dee@example.org",
                    "Out of office",
                    "Away.",
                    "Auto-Submitted: auto-replied\n")
                .code())
        .isEqualTo(250);
    assertThat(
            send(
                    web,
                    "mailer-daemon@example.org",
                    "news-join@lists.test",
                    "dee@example.org",
                    "",
                    "")
                .code())
        .isEqualTo(250);
    assertThat(mailTo("dee@example.org")).isEmpty();
  }

  @Test
  void anInvitedOnlyGroupRefusesAJoinAtTheDoorAndABannedAddressIsToldWhy() throws Exception {
    Group staff = web.group("staff", false);
    web.site.groups().update(staff.edit().joining(Joining.CLOSED).build());
    SmtpClient.Reply closed =
        send(web, "eve@example.org", "staff-join@lists.test", "eve@example.org", "", "");
    assertThat(closed.code()).isEqualTo(550);
    assertThat(closed.step()).isEqualTo("RCPT");
    assertThat(closed.text()).contains("invitation only");
    SmtpClient.Reply byRequest =
        send(
            web, "eve@example.org", "staff-request@lists.test", "eve@example.org", "subscribe", "");
    assertThat(byRequest.code()).isEqualTo(550);
    assertThat(byRequest.text()).contains("invitation only");

    web.site.bans().ban(news.id(), "@spam.example", "Sends spam.", new ChangedBy.CommandLine("t"));
    SmtpClient.Reply banned =
        send(web, "x@spam.example", "news-join@lists.test", "x@spam.example", "", "");
    assertThat(banned.code()).isEqualTo(550);
    assertThat(banned.text()).contains("x@spam.example may not join NEWS: Sends spam.");
    assertThat(mailTo("eve@example.org")).isEmpty();
    assertThat(mailTo("x@spam.example")).isEmpty();
  }

  @Test
  void leavingByMailIsConfirmedAndANonMemberLearnsNothing() throws Exception {
    web.member(news, "fay@example.org", "Fay");
    SmtpClient.Reply asked =
        send(
            web,
            "fay@example.org",
            "news-request@lists.test",
            "fay@example.org",
            "unsubscribe",
            "");
    assertThat(asked.code()).isEqualTo(250);
    List<Mail> mail = mailTo("fay@example.org");
    assertThat(mail).hasSize(1);
    assertThat(mail.get(0).subject()).isEqualTo("Please confirm: leave NEWS");
    assertThat(member("fay@example.org")).isTrue();
    SmtpClient.Reply confirmed =
        send(web, "fay@example.org", mail.get(0).confirmAddress(), "fay@example.org", "Re", "yes");
    assertThat(confirmed.code()).isEqualTo(250);
    assertThat(confirmed.text()).contains("You have left NEWS");
    assertThat(member("fay@example.org")).isFalse();

    SmtpClient.Reply stranger =
        send(web, "gus@example.org", "news-unsubscribe@lists.test", "gus@example.org", "", "");
    assertThat(stranger.code()).isEqualTo(250);
    assertThat(stranger.text())
        .isEqualTo(asked.text().replace("fay@example.org", "gus@example.org"));
    assertThat(mailTo("gus@example.org")).isEmpty();
  }

  @Test
  void aRequestAddressWithoutACommandIsRefusedWithWhatToWrite() throws Exception {
    SmtpClient.Reply r =
        send(web, "hal@example.org", "news-request@lists.test", "hal@example.org", "hello", "hi");
    assertThat(r.code()).isEqualTo(550);
    assertThat(r.text()).contains("subscribe");
  }
}
