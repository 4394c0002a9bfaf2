package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;
import org.parley.cli.Cli;
import org.parley.group.Group;
import org.parley.member.DeliveryMode;
import org.parley.member.DisabledReason;
import org.parley.member.Member;
import org.parley.member.Role;
import org.parley.testkit.DeliveryReportSamples;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;

/**
 * Bounce processing over real SMTP (issue 19, item 3), the site's mail caught by a real relay
 * (GreenMail) and the clock moved by hand: five lasting failures of a member's copies on five days
 * send a probe with its own return path; the probe's bounce disables the member's delivery, with a
 * notice that says how to turn it back on; the members page, {@code parley member list} and the
 * owners' weekly summary show it; posts reach everyone else and, once delivery is turned back on,
 * the member again. Passing failures count only on different days; a DMARC refusal, an automatic
 * reply and a report with an unknown token change nothing and are never posted; a disabled member
 * is warned and, after the last warning, removed.
 */
class BounceIT {
  @TempDir Path dir;
  GreenMail relay;
  WebSite web;
  Group news;
  String bobsToken;

  /**
   * Lines for the site's parley.conf, which the command line reads too: none here (the embedded
   * SQLite); the store's URL where a test runs this one on another store.
   */
  String conf() {
    return "";
  }

  @BeforeEach
  void start() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("parley.conf"), conf());
    relay = greenMail(freePort());
    web = new WebSite(dir, Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + relay.getSmtp().getPort()));
    news = web.group("news", true);
    Account owner = web.account("owen@example.com", "Owen Owner", ZoneId.of("UTC"));
    web.site.members().add(news.id(), owner.id(), Role.OWNER, DeliveryMode.NONE);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.member(news, "bob@example.com", "Bob Bouncer");
    web.member(news, "carol@example.com", "Carol Reader");
    bobsToken = bob().token();
  }

  @AfterEach
  void stop() {
    if (web != null) {
      web.close();
    }
    relay.stop();
  }

  Member bob() {
    return web.site.members().find(news.id(), EmailAddress.of("bob@example.com")).orElseThrow();
  }

  /** Sends {@code raw} to {@code rcpt} as a mail server sends a report: MAIL FROM:<>. */
  void report(String rcpt, String raw) throws Exception {
    int before = reports();
    try (WireClient wire = new WireClient(web.site.smtpPort())) {
      assertThat(wire.command("EHLO mx.example.net").code()).isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<>").code()).isEqualTo(250);
      assertThat(wire.command("RCPT TO:<" + rcpt + ">").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.write(
          WireClient.dotStuffed(
              raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
      assertThat(wire.reply().code()).isEqualTo(250);
    }
    await("the report to be read", Duration.ofSeconds(20), () -> read() == before + 1);
  }

  /**
   * Sends {@code raw}, a report as a real server wrote it, to {@code rcpt} as {@link #report} does,
   * its lines ended in CRLF as SMTP wants them and its bytes otherwise as they are.
   */
  void reportAsWritten(String rcpt, byte[] raw) throws Exception {
    ByteArrayOutputStream crlf = new ByteArrayOutputStream(raw.length + 1024);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
        crlf.write('\r');
      }
      crlf.write(raw[i]);
    }
    int before = reports();
    try (WireClient wire = new WireClient(web.site.smtpPort())) {
      assertThat(wire.command("EHLO mx.example.net").code()).isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<>").code()).isEqualTo(250);
      assertThat(wire.command("RCPT TO:<" + rcpt + ">").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.write(WireClient.dotStuffed(crlf.toByteArray()));
      assertThat(wire.reply().code()).isEqualTo(250);
    }
    await("the report to be read", Duration.ofSeconds(20), () -> read() == before + 1);
  }

  int reports() {
    return count("SELECT COUNT(*) FROM bounce_reports");
  }

  int read() {
    return count("SELECT COUNT(*) FROM bounce_reports WHERE outcome IS NOT NULL");
  }

  int count(String sql) {
    return web.site.db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  String lastOutcome() {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT outcome FROM bounce_reports ORDER BY id DESC LIMIT 1")
                    .mapTo(String.class)
                    .one());
  }

  /** A Postfix bounce of bob's copy, back to his return path. */
  void bobBounces(String status, String diagnostic) throws Exception {
    String to = "news-bounces+" + bobsToken + "@lists.test";
    report(to, DeliveryReportSamples.postfixBounce(to, "bob@example.com", status, diagnostic));
  }

  void hard() throws Exception {
    bobBounces("5.1.1", "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown");
  }

  void nextDay() {
    web.clock.advance(Duration.ofDays(1));
  }

  int mails(String address) {
    try {
      return inbox(relay, address).length;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  MimeMessage last(String address) throws Exception {
    MimeMessage[] in = inbox(relay, address);
    return in[in.length - 1];
  }

  static String body(MimeMessage m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return WebSite.text(out.toByteArray());
  }

  void settle() {
    await("the jobs to settle", Duration.ofSeconds(20), () -> web.site.jobs().idle());
    web.awaitMailSent();
  }

  /** The probe's token, once bob's score reached the threshold. */
  String probeToken() {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT token FROM bounce_probes WHERE outcome IS NULL")
                    .mapTo(String.class)
                    .one());
  }

  /** Five hard bounces on five days, then the probe: it comes back to its own return path. */
  String fiveDaysOfBounces() throws Exception {
    for (int day = 1; day <= 5; day++) {
      hard();
      assertThat(bob().bounceScore()).isEqualTo(day);
      if (day < 5) {
        assertThat(count("SELECT COUNT(*) FROM bounce_probes")).isZero();
        nextDay();
      }
    }
    await("the probe", Duration.ofSeconds(20), () -> mails("bob@example.com") == 1);
    MimeMessage probe = last("bob@example.com");
    assertThat(probe.getSubject()).isEqualTo("Is mail from NEWS reaching you?");
    String token = probeToken();
    assertThat(probe.getHeader("Return-Path")[0])
        .isEqualTo("<news-bounces+probe-" + token + "@lists.test>");
    assertThat(body(probe)).contains("bounce score 5").contains("/g/news/me");
    return token;
  }

  void probeBounces(String token) throws Exception {
    String to = "news-bounces+probe-" + token + "@lists.test";
    report(
        to,
        DeliveryReportSamples.postfixBounce(
            to, "bob@example.com", "5.1.1", "550 5.1.1 <bob@example.com>: User unknown"));
  }

  void post(String id) throws Exception {
    web.smtp(
        "ada@example.com",
        "news@lists.test",
        WebSite.message("news", "Ada <ada@example.com>", id, "Post " + id, null, "Hello."));
  }

  @Test
  void fiveHardBouncesAndTheProbesDisableDeliveryWithNoticeSummaryAndTheWayBack() throws Exception {
    String token = fiveDaysOfBounces();
    assertThat(bob().active()).isTrue();

    probeBounces(token);

    assertThat(bob().active()).isFalse();
    assertThat(bob().disabledReason()).isEqualTo(DisabledReason.BOUNCES);
    await("bob's notice", Duration.ofSeconds(20), () -> mails("bob@example.com") == 2);
    MimeMessage notice = last("bob@example.com");
    assertThat(notice.getSubject()).isEqualTo("NEWS has stopped sending you mail");
    assertThat(body(notice))
        .contains("came back undelivered, and so did a test message")
        .contains(":" + web.site.webPort() + "/g/news/me")
        .contains("turn delivery back on")
        .contains("your membership ends on 2025-12-25");

    // the owners see it on the members page, and in their weekly summary
    WebClient owen = web.client();
    owen.login("owen@example.com", WebSite.PASSWORD);
    String page = owen.get("/g/news/members").body();
    assertThat(page)
        .containsPattern("class=\"bounce\">disabled by bounces<")
        .containsPattern("class=\"bounce\">active<");
    web.clock.advance(Duration.ofHours(1)); // the next round
    await("the owners' summary", Duration.ofSeconds(20), () -> mails("owen@example.com") == 1);
    MimeMessage summary = last("owen@example.com");
    assertThat(summary.getSubject()).isEqualTo("Bounces in NEWS: 1 member stopped");
    assertThat(body(summary)).contains("bob@example.com: disabled on 2025-12-04 (5.1.1");
    web.clock.advance(Duration.ofHours(1));
    settle();
    assertThat(mails("owen@example.com")).as("once a week").isEqualTo(1);

    // posts reach everyone but bob
    int bobs = mails("bob@example.com");
    post("after-disable@example.com");
    await("carol's copy", Duration.ofSeconds(20), () -> mails("carol@example.com") == 1);
    settle();
    assertThat(mails("bob@example.com")).isEqualTo(bobs);

    // turned back on, bob gets copies again
    web.site.members().reenable(news.id(), bob().accountId());
    assertThat(bob().bounceScore()).isZero();
    post("after-reenable@example.com");
    await("bob's copy", Duration.ofSeconds(20), () -> mails("bob@example.com") == bobs + 1);
    assertThat(last("bob@example.com").getSubject()).contains("Post after-reenable");
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(2);

    // parley member list, once the site has stopped, shows the state too
    AccountId bobsId = bob().accountId();
    web.site
        .db()
        .jdbi()
        .useTransaction(
            h -> web.site.members().disable(h, news.id(), bobsId, DisabledReason.BOUNCES));
    web.close();
    web = null;
    String list = cli("member", "list", "--data", dir.toString(), "news");
    assertThat(list)
        .containsPattern("bob@example.com\\s+member\\s+each\\s+disabled by bounces")
        .containsPattern("carol@example.com\\s+member\\s+each\\s+active");
  }

  /** Runs the command line; what it printed. */
  static String cli(String... args) {
    PrintStream sysout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code =
          Cli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
      assertThat(code).isZero();
    } finally {
      System.setOut(sysout);
    }
    return out + captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void realServersReportsFromTheCorporaCountOverSmtpAndADelayWarningDoesNot() throws Exception {
    Path corpora = TestSites.corpora();
    Assumptions.assumeTrue(corpora != null, "corpora not found (set -Dparley.corpora); skipping");
    String to = "news-bounces+" + bobsToken + "@lists.test";
    List<String> failed =
        List.of(
            "ruby-mail-fixtures/multipart_report_emails/multi_address_bounce1.eml",
            "ruby-mail-fixtures/multipart_report_emails/multipart_report_multiple_status.eml",
            "ruby-mail-fixtures/multipart_report_emails/report_530.eml",
            "mimekit-testdata/messages/delivery-status.eml");
    int day = 0;
    for (String sample : failed) {
      reportAsWritten(to, java.nio.file.Files.readAllBytes(corpora.resolve(sample)));
      day++;
      assertThat(bob().bounceScore()).as(sample + " counts, once on its day").isEqualTo(day);
      nextDay();
    }
    // sendmail's "warning: could not send for 8 hours": a delay, not a failure
    reportAsWritten(
        to,
        java.nio.file.Files.readAllBytes(
            corpora.resolve("ruby-mail-fixtures/multipart_report_emails/report_422.eml")));
    assertThat(bob().bounceScore()).isEqualTo(4);
    assertThat(bob().active()).isTrue();
    assertThat(count("SELECT COUNT(*) FROM posts"))
        .as("nothing at a bounce address is posted")
        .isZero();
  }

  @Test
  void passingFailuresCountOnlyOnDifferentDays() throws Exception {
    bobBounces("4.2.2", "452 4.2.2 <bob@example.com>: Mailbox full");
    bobBounces("4.2.2", "452 4.2.2 <bob@example.com>: Mailbox full");
    assertThat(bob().bounceScore()).isZero();
    assertThat(lastOutcome()).contains("soft 4.2.2, a passing failure counts only once it repeats");
    nextDay();
    bobBounces("4.2.2", "452 4.2.2 <bob@example.com>: Mailbox full");
    assertThat(bob().bounceScore()).isEqualTo(1);
    nextDay();
    bobBounces("4.2.2", "452 4.2.2 <bob@example.com>: Mailbox full");
    assertThat(bob().bounceScore()).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM bounce_events WHERE kind = 'soft'")).isEqualTo(4);
    assertThat(count("SELECT COUNT(*) FROM bounce_events WHERE kind = 'soft' AND counted"))
        .isEqualTo(2);
  }

  @Test
  void aDmarcRefusalAnAutoReplyAndAnUnknownTokenChangeNothingAndAreNeverPosted() throws Exception {
    bobBounces(
        "5.7.1",
        "550 5.7.1 Unauthenticated email from example.com is not accepted due to domain's DMARC"
            + " policy");
    assertThat(bob().bounceScore()).isZero();
    assertThat(lastOutcome()).contains("policy 5.7.1, a refusal by policy never counts");

    String to = "news-bounces+" + bobsToken + "@lists.test";
    report(
        to,
        "From: Bob <bob@example.com>\nTo: "
            + to
            + "\nSubject: Out of office: Post 1\nAuto-Submitted: auto-replied\n\nI am away until"
            + " Monday.\n");
    report(
        "news-bounces@lists.test",
        "From: Bob <bob@example.com>\nTo: news-bounces@lists.test\nSubject: Re: Post 1\n\nThanks!\n");
    assertThat(bob().bounceScore()).isZero();
    assertThat(bob().active()).isTrue();

    String unknown = "news-bounces+0123456789abcdef0123456789abcdef@lists.test";
    report(
        unknown, DeliveryReportSamples.postfixBounce(unknown, "zed@example.com", "5.1.1", "gone"));
    assertThat(lastOutcome())
        .isEqualTo("a bounce (rfc3464) whose token names no member of news; dropped");

    settle();
    assertThat(web.site.reader().postCount(news.id())).isZero();
    for (String member : List.of("ada@example.com", "bob@example.com", "carol@example.com")) {
      assertThat(mails(member)).as(member).isZero();
    }
  }

  @Test
  void aBounceAtTheBareAddressNamesTheMemberByTheFailedRecipient() throws Exception {
    String to = "news-bounces@lists.test";
    report(
        to,
        DeliveryReportSamples.postfixBounce(
            to, "bob@example.com", "5.1.1", "550 5.1.1 <bob@example.com>: User unknown"));
    assertThat(bob().bounceScore()).isEqualTo(1);
    report(
        to,
        DeliveryReportSamples.postfixBounce(
            to, "nobody@example.org", "5.1.1", "550 5.1.1 <nobody@example.org>: User unknown"));
    assertThat(lastOutcome()).contains("names no member; dropped");
  }

  @Test
  void aProbeThatDoesNotBounceWithinThreeDaysForgetsTheScore() throws Exception {
    fiveDaysOfBounces();
    web.clock.advance(Duration.ofDays(3).plusHours(1));
    await("the score forgotten", Duration.ofSeconds(20), () -> bob().bounceScore() == 0);
    assertThat(bob().active()).isTrue();
    assertThat(count("SELECT COUNT(*) FROM bounce_probes WHERE outcome = 'expired'")).isEqualTo(1);
  }

  @Test
  void aDisabledMemberIsWarnedTwiceMoreWeeklyAndThenRemoved() throws Exception {
    probeBounces(fiveDaysOfBounces());
    await("bob's notice", Duration.ofSeconds(20), () -> mails("bob@example.com") == 2);
    for (int warning = 2; warning <= 3; warning++) {
      web.clock.advance(Duration.ofDays(7));
      int expected = warning + 1;
      await(
          "warning " + warning, Duration.ofSeconds(20), () -> mails("bob@example.com") == expected);
      MimeMessage m = last("bob@example.com");
      assertThat(m.getSubject()).isEqualTo("Reminder: NEWS has stopped sending you mail");
      assertThat(body(m))
          .contains("Reminder " + warning + " of 3")
          .contains("your membership ends on 2025-12-25");
    }
    assertThat(web.site.members().find(news.id(), EmailAddress.of("bob@example.com"))).isPresent();
    web.clock.advance(Duration.ofDays(7));
    await(
        "bob's removal",
        Duration.ofSeconds(20),
        () -> web.site.members().find(news.id(), EmailAddress.of("bob@example.com")).isEmpty());
    assertThat(web.site.groups().auditLog().latest(news.id(), 10))
        .anySatisfy(
            e -> {
              assertThat(e.setting()).isEqualTo("remove-member");
              assertThat(e.before()).contains("bob@example.com");
              assertThat(e.by().toString()).contains("parley (bounces)");
            });
    await(
        "the summary naming the removal",
        Duration.ofSeconds(20),
        () -> {
          try {
            return mails("owen@example.com") >= 1
                && body(last("owen@example.com")).contains("bob@example.com: removed on");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
