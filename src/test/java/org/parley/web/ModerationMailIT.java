package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.archive.MessageId;
import org.parley.group.AuditLog;
import org.parley.group.Group;
import org.parley.group.Moderation;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.moderation.HeldMessages;
import org.parley.testkit.SmtpClient;

/**
 * The moderation queue's mail and its further actions (issue 18, item 4), over SMTP with the site's
 * copies and notices caught by a real relay (GreenMail) and the clock moved by hand: the moderators
 * are told of held posts at most once an hour; the sender of a held post is told once a day at most
 * that it waits, and never when the return path is not the From address; "approve and always allow"
 * lets the sender's next post straight through, "ban the sender" refuses it; a spam filter's
 * verdict in front holds a member's post; and a held post nobody decides on expires after the
 * group's held days, its sender not told. Each decision is in the group's audit log.
 */
class ModerationMailIT {
  static final Pattern CONFIRM = Pattern.compile("news-confirm\\+([0-9a-f]{40})@lists\\.test");

  @TempDir Path dir;
  GreenMail relay;
  WebSite web;
  Group news;

  @BeforeEach
  void start() {
    relay = greenMail(freePort());
    web = new WebSite(dir, Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + relay.getSmtp().getPort()));
    news = web.group("news", true).withModeration(Moderation.NON_MEMBERS, 1);
    web.site.groups().update(news);
    Account owner = web.account("owen@example.com", "Owen Owner", java.time.ZoneId.of("UTC"));
    web.site.members().add(news.id(), owner.id(), Role.OWNER, DeliveryMode.NONE);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.member(news, "grace@example.com", "Grace Hopper");
  }

  @AfterEach
  void stop() {
    web.close();
    relay.stop();
  }

  /** Sends {@code raw} over SMTP with the envelope sender {@code mailFrom}; the reply. */
  SmtpClient.Reply send(String mailFrom, String raw) throws Exception {
    try (SmtpClient smtp = new SmtpClient(web.site.smtpPort())) {
      return smtp.send(
          mailFrom,
          List.of("news@lists.test"),
          raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  SmtpClient.Reply post(String from, String id, String subject) throws Exception {
    return send(
        from.replaceAll(".*<|>", ""), WebSite.message("news", from, id, subject, null, "Hello."));
  }

  /** Posts as {@code from}, which must be held; the held message's id. */
  long held(String from, String id, String subject) throws Exception {
    SmtpClient.Reply r = post(from, id, subject);
    assertThat(r.code()).as(r.toString()).isEqualTo(250);
    assertThat(r.text()).contains("held for a moderator");
    return web.site.held().list(Optional.of(news.name())).stream()
        .filter(h -> h.subject().equals(subject))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /** How many messages {@code address} got at the relay; for waiting on. */
  int count(String address) {
    try {
      return inbox(relay, address).length;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void settle() {
    await("the jobs to settle", Duration.ofSeconds(20), () -> web.site.jobs().idle());
    web.awaitMailSent();
  }

  List<String> subjects(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : inbox(relay, address)) {
      out.add(m.getSubject());
    }
    return out;
  }

  String body(MimeMessage m) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    m.writeTo(out);
    return WebSite.text(out.toByteArray());
  }

  boolean archived(String id) {
    return !web.site.reader().postsByMessageId(news.id(), MessageId.of(id)).isEmpty();
  }

  List<String> audit() {
    return web.site.groups().auditLog().latest(news.id(), 50).stream()
        .map(AuditLog.Entry::setting)
        .toList();
  }

  WebClient owen() {
    WebClient c = web.client();
    c.login("owen@example.com", WebSite.PASSWORD);
    return c;
  }

  HttpResponse<String> act(WebClient c, long id, String action) {
    return c.submit("/g/news/", "/g/news/pending/" + id + "/" + action, Map.of());
  }

  @Test
  void theModeratorsAreToldOnceAnHourAndApprovingOnTheWebEndsTheNoticesTokens() throws Exception {
    long first = held("Zed Outsider <zed@example.net>", "p1@example.net", "First offer");
    await("the moderators' notice", Duration.ofSeconds(20), () -> count("owen@example.com") == 1);
    MimeMessage notice = inbox(relay, "owen@example.com")[0];
    assertThat(notice.getSubject())
        .isEqualTo("1 message waits for the moderators of NEWS: First offer");
    assertThat(notice.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(notice.getFrom()[0].toString()).contains("news-owner@lists.test");
    // one message: a plain reply decides it
    Matcher replyTo = CONFIRM.matcher(notice.getReplyTo()[0].toString());
    assertThat(replyTo.find()).isTrue();
    String token = replyTo.group(1);
    assertThat(body(notice))
        .contains("1 message waits for the moderators of NEWS (news@lists.test)")
        .contains(":" + web.site.webPort() + "/g/news/pending")
        .contains("  discard\n\nNew: First offer\n  from zed@example.net\n  held: ")
        .contains("@lists.test\n\nA message nobody decides on")
        .contains("New: First offer")
        .contains("from zed@example.net")
        .contains("held: zed@example.net is not a member of news@lists.test")
        .contains("reply to: news-confirm+" + token + "@lists.test")
        .contains("  approve\n  reject <your reason, mailed to its sender>\n  discard")
        .contains("dropped after 14 days");
    assertThat(web.site.confirmations().peek(token))
        .hasValueSatisfying(
            c -> {
              assertThat(c.action()).isEqualTo("approve-held");
              assertThat(c.subject()).isEqualTo(Long.toString(first));
              assertThat(c.address()).isEqualTo("owen@example.com");
            });

    // a second post within the hour: no second notice now
    held("Yan Outsider <yan@example.org>", "p2@example.org", "Second offer");
    settle();
    assertThat(inbox(relay, "owen@example.com")).hasSize(1);
    // the members heard nothing of either
    assertThat(inbox(relay, "ada@example.com")).isEmpty();

    // once the hour is over, one notice lists both, the second as new
    web.clock.advance(Duration.ofMinutes(61));
    await("the second notice", Duration.ofSeconds(20), () -> count("owen@example.com") == 2);
    MimeMessage second = inbox(relay, "owen@example.com")[1];
    assertThat(second.getSubject()).isEqualTo("2 messages wait for the moderators of NEWS");
    assertThat(second.getReplyTo()[0].toString()).contains("news-owner@lists.test");
    String text = body(second);
    assertThat(text).contains("New: Second offer").doesNotContain("New: First offer");
    Matcher all = CONFIRM.matcher(text);
    int addresses = 0;
    while (all.find()) {
      addresses++;
    }
    assertThat(addresses).isEqualTo(2);
    settle();
    assertThat(inbox(relay, "owen@example.com")).hasSize(2);

    // approved on the web: the notice's address for it decides nothing any more
    assertThat(act(owen(), first, "approve").headers().firstValue("Location"))
        .hasValue("/g/news/pending?done=approved");
    assertThat(web.site.confirmations().peek(token)).isEmpty();
    assertThat(archived("p1@example.net")).isTrue();
    assertThat(audit()).contains("approve");
  }

  @Test
  void approveAndAlwaysAllowLetsTheSendersNextPostStraightThroughUntilRemoved() throws Exception {
    long id = held("Zed Outsider <zed@example.net>", "a1@example.net", "Hello from Zed");
    WebClient owen = owen();
    HttpResponse<String> r = act(owen, id, "allow");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/g/news/pending?done=allowed");
    assertThat(archived("a1@example.net")).isTrue();
    assertThat(audit()).contains("approve", "allow-sender");
    String page = owen.get("/g/news/pending?done=allowed").body();
    assertThat(page)
        .contains("Approved, and its sender is always allowed")
        .contains("Always allowed senders")
        .contains("zed@example.net")
        .contains("action=\"/g/news/pending/allowed/remove\"")
        .contains("name=\"csrf\"");

    SmtpClient.Reply next = post("Zed Outsider <zed@example.net>", "a2@example.net", "Again");
    assertThat(next.code()).isEqualTo(250);
    assertThat(next.text()).doesNotContain("held");
    assertThat(archived("a2@example.net")).isTrue();
    assertThat(web.site.held().list(Optional.of(news.name()))).isEmpty();

    HttpResponse<String> removed =
        owen.submit(
            "/g/news/pending",
            "/g/news/pending/allowed/remove",
            Map.of("address", "ZED@example.net"));
    assertThat(removed.headers().firstValue("Location")).hasValue("/g/news/pending?done=unallowed");
    assertThat(audit()).contains("unallow-sender");
    held("Zed Outsider <zed@example.net>", "a3@example.net", "Held again");
    HttpResponse<String> bad =
        owen.submit("/g/news/pending", "/g/news/pending/allowed/remove", Map.of("address", "x"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("Name the allowed sender's email address");
  }

  @Test
  void banningTheSenderDiscardsThePostAndRefusesTheirNextOne() throws Exception {
    long id = held("Spam King <king@spam.example>", "b1@spam.example", "Buy now");
    HttpResponse<String> r = act(owen(), id, "ban");
    assertThat(r.headers().firstValue("Location")).hasValue("/g/news/pending?done=banned");
    assertThat(web.site.held().find(id)).isEmpty();
    assertThat(archived("b1@spam.example")).isFalse();
    assertThat(audit()).contains("ban", "discard");
    assertThat(web.site.bans().list(news.id()))
        .singleElement()
        .satisfies(b -> assertThat(b.pattern()).isEqualTo("king@spam.example"));

    SmtpClient.Reply next = post("Spam King <king@spam.example>", "b2@spam.example", "Buy more");
    assertThat(next.code()).as(next.toString()).isEqualTo(550);
    assertThat(web.site.held().list(Optional.of(news.name()))).isEmpty();
    assertThat(archived("b2@spam.example")).isFalse();
  }

  @Test
  void aMembersPostThatTheSpamFilterInFrontScoredAThousandIsHeldAndItsSenderNotTold()
      throws Exception {
    String raw =
        "X-Spam-Flag: YES\n"
            + "X-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE,NO_RELAYS\n"
            + "\tautolearn=no version=4.0.0\n"
            + WebSite.message(
                "news",
                "Ada Lovelace <ada@example.com>",
                "gtube@example.com",
                "Test spam",
                null,
                "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X");
    SmtpClient.Reply r = send("ada@example.com", raw);
    assertThat(r.code()).isEqualTo(250);
    assertThat(r.text()).contains("held for a moderator");
    HeldMessages.Held h = web.site.held().list(Optional.of(news.name())).getFirst();
    assertThat(h.hits()).extracting(hit -> hit.rule()).containsExactly("spam-score");
    assertThat(owen().get("/g/news/pending").body())
        .contains("<code>spam-score</code>")
        .contains("marked it as spam (X-Spam-Status: Yes)");
    settle();
    assertThat(inbox(relay, "ada@example.com")).isEmpty();
    assertThat(inbox(relay, "grace@example.com")).isEmpty();
  }

  @Test
  void aHeldPostNobodyDecidesOnExpiresAfterTheGroupsHeldDaysAndItsSenderIsNotTold()
      throws Exception {
    long id = held("Zed Outsider <zed@example.net>", "e1@example.net", "Forgotten");
    settle();
    assertThat(subjects("zed@example.net")).containsExactly("Waiting for a moderator: Forgotten");
    web.clock.advance(Duration.ofDays(13));
    settle();
    assertThat(web.site.held().find(id)).isPresent();
    web.clock.advance(Duration.ofDays(1).plusMinutes(1));
    await(
        "the held post to expire",
        Duration.ofSeconds(20),
        () -> web.site.held().find(id).isEmpty());
    assertThat(audit()).contains("expire");
    assertThat(web.site.groups().auditLog().latest(news.id(), 1).getFirst().after())
        .isEqualTo("dropped after 14 days unapproved");
    assertThat(archived("e1@example.net")).isFalse();
    settle();
    assertThat(subjects("zed@example.net")).containsExactly("Waiting for a moderator: Forgotten");
  }

  @Test
  void theSenderIsToldOnceADayAndNeverUnderAnEnvelopeThatIsNotTheFromAddress() throws Exception {
    held("Zed Outsider <zed@example.net>", "r1@example.net", "One");
    // the receipt jobs of two messages held in the same moment may run in either order: the first
    // is told before the second arrives, as a sender's second message a while later would find it
    settle();
    held("Zed Outsider <zed@example.net>", "r2@example.net", "Two");
    // a forged From under someone else's envelope: held, and neither address is told
    SmtpClient.Reply forged =
        send(
            "bounces@elsewhere.example",
            WebSite.message(
                "news", "Victim <victim@example.org>", "r3@example.org", "Three", null, "Hi."));
    assertThat(forged.code()).isEqualTo(250);
    // a null return path is refused at the door, not held: there is nobody to tell
    SmtpClient.Reply bounce =
        send(
            "<>", // Angus Mail sends this as MAIL FROM:<>
            WebSite.message("news", "Zed <zed@example.net>", "r4@x", "Four", null, "Hi."));
    assertThat(bounce.code()).isEqualTo(550);
    settle();
    assertThat(subjects("zed@example.net")).containsExactly("Waiting for a moderator: One");
    MimeMessage receipt = inbox(relay, "zed@example.net")[0];
    assertThat(receipt.getHeader("Auto-Submitted")).containsExactly("auto-replied");
    assertThat(receipt.getHeader("In-Reply-To")).containsExactly("<r1@example.net>");
    assertThat(body(receipt))
        .contains("Your message to NEWS (news@lists.test)")
        .contains("waits for one of the group's moderators")
        .contains("news-owner@lists.test");
    assertThat(inbox(relay, "victim@example.org")).isEmpty();
    assertThat(inbox(relay, "bounces@elsewhere.example")).isEmpty();

    web.clock.advance(Duration.ofDays(1).plusMinutes(1));
    held("Zed Outsider <zed@example.net>", "r5@example.net", "Five");
    settle();
    assertThat(subjects("zed@example.net"))
        .containsExactly("Waiting for a moderator: One", "Waiting for a moderator: Five");
  }

  /** The reply address of the moderators' notice about {@code subject}, from its latest notice. */
  String replyAddress(String subject) throws Exception {
    MimeMessage[] notices = inbox(relay, "owen@example.com");
    String text = body(notices[notices.length - 1]);
    Matcher m =
        Pattern.compile(
                Pattern.quote(subject)
                    + "\\n  from [^\\n]*\\n(?:  held: [^\\n]*\\n)*  reply to: (\\S+)")
            .matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  /** A moderator's reply to {@code to}, quoting the notice below {@code firstLines}. */
  SmtpClient.Reply reply(String from, String to, String firstLines) throws Exception {
    String raw =
        "From: "
            + from
            + "\nTo: "
            + to
            + "\nSubject: Re: messages wait\nMessage-ID: <"
            + java.util.UUID.randomUUID()
            + "@example.com>\n\n"
            + firstLines
            + "\n\nOn Sunday, NEWS moderation wrote:\n> 1 message waits for the moderators\n";
    try (SmtpClient smtp = new SmtpClient(web.site.smtpPort())) {
      return smtp.send(
          from, List.of(to), raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aReplyToTheNoticeApprovesOrRejectsOnceAndOnlyFromTheModeratorItWasSentTo() throws Exception {
    held("Zed Outsider <zed@example.net>", "m1@example.net", "Meeting notes");
    await("the moderators' notice", Duration.ofSeconds(20), () -> count("owen@example.com") == 1);
    String address = replyAddress("Meeting notes");

    // from anyone but the moderator it was sent to: refused, nothing done
    SmtpClient.Reply stranger = reply("zed@example.net", address, "approve");
    assertThat(stranger.code()).isEqualTo(550);
    assertThat(stranger.text()).contains("sent to another address");
    assertThat(archived("m1@example.net")).isFalse();

    // a reply with nothing written above the quote approves it
    SmtpClient.Reply approved = reply("owen@example.com", address, "");
    assertThat(approved.code()).as(approved.toString()).isEqualTo(250);
    assertThat(approved.text()).contains("Approved \"Meeting notes\"");
    assertThat(archived("m1@example.net")).isTrue();
    await(
        "the members' copies",
        Duration.ofSeconds(20),
        () -> count("ada@example.com") == 1 && count("grace@example.com") == 1);
    assertThat(inbox(relay, "ada@example.com")[0].getSubject()).contains("Meeting notes");
    assertThat(audit()).contains("approve");
    // the same address again: the token was used
    SmtpClient.Reply again = reply("owen@example.com", address, "approve");
    assertThat(again.code()).isEqualTo(550);

    // reject by reply: the sender is mailed the reason
    web.clock.advance(Duration.ofMinutes(61));
    held("Zed Outsider <zed@example.net>", "m2@example.net", "Cheap pills");
    await("the second notice", Duration.ofSeconds(20), () -> count("owen@example.com") == 2);
    SmtpClient.Reply rejected =
        reply("owen@example.com", replyAddress("Cheap pills"), "Reject: adverts are off-topic");
    assertThat(rejected.code()).as(rejected.toString()).isEqualTo(250);
    assertThat(rejected.text()).contains("Rejected \"Cheap pills\"");
    assertThat(web.site.held().list(Optional.of(news.name()))).isEmpty();
    await(
        "the rejection to the sender",
        Duration.ofSeconds(20),
        () -> {
          try {
            return subjects("zed@example.net").contains("Not posted to NEWS: Cheap pills");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    for (MimeMessage m : inbox(relay, "zed@example.net")) {
      if (m.getSubject().startsWith("Not posted")) {
        assertThat(body(m)).contains("  adverts are off-topic");
      }
    }
    assertThat(audit()).contains("reject");
    assertThat(archived("m2@example.net")).isFalse();
  }
}
