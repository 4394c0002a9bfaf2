package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.bounce.Complaints;
import org.parley.group.Group;
import org.parley.member.DeliveryMode;
import org.parley.member.DisabledReason;
import org.parley.member.Member;
import org.parley.member.Role;
import org.parley.testkit.FeedbackReportSamples;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;

/**
 * Complaints over real SMTP (issue 19, item 4): an abuse feedback report (ARF, RFC 5965) from a
 * mail provider, at the site's {@code feedback@} address or at a group's bounce address, stops that
 * group's deliveries to the member it names (by the copy's VERP return path, the member's leave
 * address in the reported copy's List-Unsubscribe, or the reported recipient); the report is kept
 * for the operators, and the group's owners get one notice a day for all of that day's complaints.
 */
class ComplaintIT {
  @TempDir Path dir;
  GreenMail relay;
  WebSite web;
  Group news;

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
    for (String m : List.of("ada", "bob", "carol", "dave")) {
      web.member(news, m + "@example.com", m);
    }
  }

  @AfterEach
  void stop() {
    web.close();
    relay.stop();
  }

  Member member(String name) {
    return web.site.members().find(news.id(), EmailAddress.of(name + "@example.com")).orElseThrow();
  }

  int read() {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM bounce_reports WHERE outcome IS NOT NULL")
                    .mapTo(Integer.class)
                    .one());
  }

  /** Sends a report from a provider's feedback loop (a sender the site does not know). */
  void report(String rcpt, String raw) throws Exception {
    int before = read();
    try (WireClient wire = new WireClient(web.site.smtpPort())) {
      assertThat(wire.command("EHLO fbl.mail.example.com").code()).isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<fbl@mail.example.com>").code()).isEqualTo(250);
      assertThat(wire.command("RCPT TO:<" + rcpt + ">").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.write(
          WireClient.dotStuffed(
              raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
      assertThat(wire.reply().code()).isEqualTo(250);
    }
    await("the report to be read", Duration.ofSeconds(20), () -> read() == before + 1);
  }

  int mails(String address) {
    try {
      return inbox(relay, address).length;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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

  @Test
  void anArfReportAtFeedbackOrTheBounceAddressStopsThatMembersDeliveries() throws Exception {
    // at feedback@, naming bob by the copy's return path
    String bobsPath = "news-bounces+" + member("bob").token() + "@lists.test";
    report(
        "feedback@lists.test",
        FeedbackReportSamples.abuse("feedback@lists.test", "news", bobsPath, "", ""));
    assertThat(member("bob").active()).isFalse();
    assertThat(member("bob").disabledReason()).isEqualTo(DisabledReason.COMPLAINT);

    // at the bounce address, recipient redacted: named by the leave address of the copy
    String carols = member("carol").token();
    report(
        "news-bounces@lists.test",
        FeedbackReportSamples.abuse(
            "news-bounces@lists.test",
            "news",
            "",
            "",
            "<http://lists.test/u/"
                + carols
                + ">,\n <mailto:news-leave+"
                + carols
                + "@lists.test>"));
    assertThat(member("carol").disabledReason()).isEqualTo(DisabledReason.COMPLAINT);

    // only the reported recipient and the copy's List-Id
    report(
        "feedback@lists.test",
        FeedbackReportSamples.abuse("feedback@lists.test", "news", "", "ada@example.com", ""));
    assertThat(member("ada").disabledReason()).isEqualTo(DisabledReason.COMPLAINT);
    assertThat(member("dave").active()).isTrue();

    // a report about mail that is not the site's names nobody: kept, nothing else done
    Path sample =
        TestSites.corpora() == null
            ? null
            : TestSites.corpora().resolve("mimekit-testdata/messages/feedback-report.eml");
    if (sample != null && Files.exists(sample)) {
      report(
          "feedback@lists.test",
          Files.readString(sample, StandardCharsets.UTF_8).replace("\uFEFF", ""));
    }

    // the owner's post reaches dave alone; none of the reports was posted
    web.smtp(
        "owen@example.com",
        "news@lists.test",
        WebSite.message("news", "Owen <owen@example.com>", "p1@example.com", "Hello", null, "Hi."));
    await("dave's copy", Duration.ofSeconds(20), () -> mails("dave@example.com") == 1);
    settle();
    for (String name : List.of("ada", "bob", "carol")) {
      assertThat(mails(name + "@example.com")).as(name).isZero();
    }
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(1);

    // the reports are kept for the operators
    List<Complaints.Complaint> kept = web.site.complaints().list(Optional.empty(), 10);
    assertThat(kept)
        .extracting(Complaints.Complaint::address)
        .containsExactly("ada@example.com", "carol@example.com", "bob@example.com");
    assertThat(
            new String(
                web.site.complaints().raw(kept.get(2).reportId()).orElseThrow(),
                StandardCharsets.UTF_8))
        .contains("Feedback-Type: abuse")
        .contains(bobsPath);
  }

  @Test
  void theOwnersGetOneNoticeADayForAllOfThatDaysComplaints() throws Exception {
    for (String name : List.of("ada", "bob")) {
      String path = "news-bounces+" + member(name).token() + "@lists.test";
      report(path, FeedbackReportSamples.abuse(path, "news", path, "", ""));
    }
    web.clock.advance(Duration.ofHours(1)); // the next round
    await("the owners' notice", Duration.ofSeconds(20), () -> mails("owen@example.com") == 1);
    MimeMessage notice = inbox(relay, "owen@example.com")[0];
    assertThat(notice.getSubject()).isEqualTo("Spam complaints about NEWS: 2 complaints");
    assertThat(body(notice))
        .contains("ada@example.com: abuse report received 2025-11-30 12:00 UTC")
        .contains("bob@example.com: abuse report received 2025-11-30 12:00 UTC")
        .contains("/g/news/members");

    // another complaint the same day waits for tomorrow's notice
    String carols = "news-bounces+" + member("carol").token() + "@lists.test";
    report(carols, FeedbackReportSamples.abuse(carols, "news", carols, "", ""));
    web.clock.advance(Duration.ofHours(1));
    settle();
    assertThat(mails("owen@example.com")).isEqualTo(1);
    web.clock.advance(Duration.ofDays(1));
    await("the next day's notice", Duration.ofSeconds(20), () -> mails("owen@example.com") == 2);
    MimeMessage next = inbox(relay, "owen@example.com")[1];
    assertThat(next.getSubject()).isEqualTo("Spam complaints about NEWS: 1 complaint");
    assertThat(body(next)).contains("carol@example.com").doesNotContain("ada@example.com");
  }
}
