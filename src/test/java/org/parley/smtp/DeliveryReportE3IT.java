package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.testkit.DeliveryReportSamples;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;

/**
 * RELIABILITY E3, issue 16 item 15 and issue 19 item 3: a delivery report (RFC 3464) that comes
 * back to a copy's return path, {@code news-bounces+<token>@}, over SMTP or LMTP, is taken (250)
 * once it is stored, then read, and what was made of it (the member the token names, the kind of
 * failure and its status) is kept on the report. A report that cannot be read, or whose token names
 * no member, is taken too and changes nothing. None is ever posted.
 */
class DeliveryReportE3IT {
  @TempDir Path dir;
  Site site;
  Group news;
  String bobsToken;

  @BeforeEach
  void start() {
    site = TestSites.open(dir, Map.of("PARLEY_LMTP_PORT", "0")).start();
    news = TestSites.group(site, "news", "ada@example.com", "bob@example.com");
    bobsToken =
        site.members().find(news.id(), EmailAddress.of("bob@example.com")).orElseThrow().token();
  }

  @AfterEach
  void stop() {
    site.close();
  }

  private WireClient.Reply send(int port, boolean lmtp, String rcpt, byte[] raw) throws Exception {
    try (WireClient wire = new WireClient(port)) {
      assertThat(wire.command((lmtp ? "LHLO" : "EHLO") + " mx.example.net").code()).isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<>").code()).isEqualTo(250);
      assertThat(wire.command("RCPT TO:<" + rcpt + ">").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.write(WireClient.dotStuffed(raw));
      return wire.reply();
    }
  }

  /** What was made of each report, in the order they came, once every one has been read. */
  private List<String> outcomes(int reports) {
    await(
        "the reports to be read",
        Duration.ofSeconds(20),
        () ->
            site.db()
                    .jdbi()
                    .withHandle(
                        h ->
                            h.createQuery(
                                    "SELECT COUNT(*) FROM bounce_reports WHERE outcome IS NOT NULL")
                                .mapTo(Integer.class)
                                .one())
                == reports);
    return site.db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT outcome FROM bounce_reports ORDER BY id")
                    .mapTo(String.class)
                    .list());
  }

  private int bobsScore() {
    return site.members()
        .find(news.id(), EmailAddress.of("bob@example.com"))
        .orElseThrow()
        .bounceScore();
  }

  @Test
  void e3ABounceOfBobsCopyIsReadAsBobsHardFailureAndCounted() throws Exception {
    String to = "news-bounces+" + bobsToken + "@lists.test";
    byte[] dsn =
        DeliveryReportSamples.postfixBounce(
                to,
                "bob@example.com",
                "5.1.1",
                "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown")
            .getBytes(StandardCharsets.US_ASCII);

    WireClient.Reply reply = send(site.smtpPort(), false, to, dsn);

    assertThat(reply.code()).isEqualTo(250);
    assertThat(outcomes(1))
        .singleElement()
        .asString()
        .contains("bob@example.com: hard 5.1.1, counted, score 1");
    assertThat(bobsScore()).isEqualTo(1);
    assertThat(site.reader().postCount(news.id())).isZero();
  }

  @Test
  void e3OverLmtpToo() throws Exception {
    String to = "news-bounces+" + bobsToken + "@lists.test";
    byte[] dsn =
        DeliveryReportSamples.postfixBounce(
                to, "bob@example.com", "4.2.2", "452 4.2.2 Mailbox full")
            .replace("Action: failed", "Action: delayed")
            .getBytes(StandardCharsets.US_ASCII);

    WireClient.Reply reply = send(site.lmtpPort().orElseThrow(), true, to, dsn);

    assertThat(reply.code()).isEqualTo(250);
    assertThat(outcomes(1)).singleElement().asString().contains("nothing done");
    assertThat(bobsScore()).isZero();
  }

  @Test
  void e3AReportThatCannotBeReadOrNamesNoMemberIsTakenAndChangesNothing() throws Exception {
    byte[] vacation =
        "From: bob@example.com\r\nSubject: Out of office\r\n\r\nBack on Monday.\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(
            send(site.smtpPort(), false, "news-bounces+" + bobsToken + "@lists.test", vacation)
                .code())
        .isEqualTo(250);
    byte[] dsn =
        DeliveryReportSamples.postfixBounce(
                "news-bounces+feed@lists.test", "x@example.com", "5.1.1", "550 5.1.1 gone")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(send(site.smtpPort(), false, "news-bounces+feed@lists.test", dsn).code())
        .isEqualTo(250);

    List<String> outcomes = outcomes(2);
    assertThat(outcomes.get(0)).containsAnyOf("not a bounce", "automatic reply");
    assertThat(outcomes.get(1))
        .isEqualTo("a bounce (rfc3464) whose token names no member of news; dropped");
    assertThat(bobsScore()).isZero();
    assertThat(site.reader().postCount(news.id())).isZero();
  }
}
