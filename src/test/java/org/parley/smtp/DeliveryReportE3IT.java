package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.delivery.DeliveryReports;
import org.parley.group.Group;
import org.parley.testkit.DeliveryReportSamples;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;
import org.slf4j.LoggerFactory;

/**
 * RELIABILITY E3 (first part), issue 16 item 15: a delivery report (RFC 3464) that comes back to a
 * copy's return path, {@code news-bounces+<token>@}, over SMTP or LMTP, is taken (250), read, and
 * logged with the group, the member the token names, the action and the status. A report that
 * cannot be read is taken too, with a log line that says so.
 */
class DeliveryReportE3IT {
  @TempDir Path dir;
  Site site;
  Group news;
  String bobsToken;
  Logger logger = (Logger) LoggerFactory.getLogger(DeliveryReports.class);
  ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void start() {
    site = TestSites.open(dir, Map.of("PARLEY_LMTP_PORT", "0")).start();
    news = TestSites.group(site, "news", "ada@example.com", "bob@example.com");
    bobsToken =
        site.members().find(news.id(), EmailAddress.of("bob@example.com")).orElseThrow().token();
    lines.start();
    logger.setLevel(Level.INFO); // the tests' logback-test.xml keeps org.parley at WARN
    logger.addAppender(lines);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(lines);
    logger.setLevel(null);
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

  private List<String> logged() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void e3ABounceOfBobsCopyIsLoggedWithBobActionAndStatus() throws Exception {
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
    assertThat(logged())
        .singleElement()
        .asString()
        .startsWith(
            "delivery report: group news, member bob@example.com, action failed, status 5.1.1,")
        .contains("final recipient bob@example.com")
        .contains("reporting MTA mx.example.net")
        .contains("User unknown");
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
    assertThat(logged())
        .singleElement()
        .asString()
        .startsWith(
            "delivery report: group news, member bob@example.com, action delayed, status 4.2.2,");
  }

  @Test
  void e3AReportThatCannotBeReadOrNamesNoMemberIsTakenAndSaysSo() throws Exception {
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

    assertThat(logged())
        .containsExactly(
            "delivery report: group news, member bob@example.com, from <>: not read, it has no"
                + " message/delivery-status part (a text/plain, not an RFC 3464 report); nothing"
                + " done",
            logged().get(1));
    assertThat(logged().get(1))
        .startsWith(
            "delivery report: group news, member unknown (the token names no member of news),"
                + " action failed, status 5.1.1");
  }
}
