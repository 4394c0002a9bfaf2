package org.parley.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.bounce.Failure.Kind;
import org.parley.testkit.Corpora;
import org.parley.testkit.DeliveryReportSamples;

/**
 * What {@link BounceReader} makes of what reaches a bounce address (issue 19, items 3 and 4): each
 * format it knows, read from a sample written after that server's own output (in
 * src/test/resources/bounces), gives the failed recipient, the kind of failure, the status and the
 * server's words; automatic replies and feedback reports are told apart; everything else, however
 * broken, is {@link Reading.Other}.
 */
class BounceReaderTest {

  static byte[] sample(String name) {
    try (InputStream in = BounceReaderTest.class.getResourceAsStream("/bounces/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample as read with the line ends it is stored with, and with CRLF as SMTP carries it. */
  static Reading read(String name) {
    Reading lf = BounceReader.read(sample(name));
    assertThat(BounceReader.read(Corpora.crlf(sample(name))))
        .as("%s read with CRLF line ends", name)
        .isEqualTo(lf);
    return lf;
  }

  static Reading.Bounced bounced(String name, String format) {
    Reading r = read(name);
    assertThat(r).as(name).isInstanceOf(Reading.Bounced.class);
    Reading.Bounced b = (Reading.Bounced) r;
    assertThat(b.format()).as("the format %s is read as", name).isEqualTo(format);
    return b;
  }

  // RFC 3464 -------------------------------------------------------------------------------------

  @Test
  void aPostfixDeliveryReportGivesTheRecipientStatusAndDiagnostic() {
    String dsn =
        DeliveryReportSamples.postfixBounce(
            "news-bounces+0f3a9c@lists.example.com",
            "bob@example.org",
            "5.1.1",
            "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown");
    Reading.Bounced b =
        (Reading.Bounced) BounceReader.read(dsn.getBytes(StandardCharsets.US_ASCII));

    assertThat(b.format()).isEqualTo("rfc3464");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "bob@example.org",
                Kind.HARD,
                "5.1.1",
                "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown"));
  }

  @Test
  void rfc3464sSimpleExampleIsAFailureItsStatusCallsPassing() {
    Reading.Bounced b = bounced("rfc3464-simple.eml", "rfc3464");
    assertThat(b.failures())
        .containsExactly(
            new Failure("louis@larry.example.edu", Kind.SOFT, "4.0.0", "426 connection timed out"));
  }

  @Test
  void rfc3464sMultiRecipientExampleGivesEveryFailedRecipientAndNotTheDelayedOne() {
    Reading.Bounced b = bounced("rfc3464-multi-recipient.eml", "rfc3464");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "arathib@vnet.example.com",
                Kind.HARD,
                "5.0.0",
                "550 'arathib@vnet.example.com' is not a registered gateway user"),
            new Failure("wsnell@sdcc13.example.edu", Kind.HARD, "5.0.0", "550 user unknown"));
  }

  @Test
  void aGatewaysForeignFinalRecipientGivesWayToTheOriginalRecipient() {
    Reading.Bounced b = bounced("rfc3464-gateway.eml", "rfc3464");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "jsmith@office.example.org",
                Kind.HARD,
                "5.1.1",
                "27 (recipient not known on the office system)"));
  }

  @Test
  void aDelayedDeliveryIsNoFailure() {
    assertThat(read("rfc3464-delayed.eml"))
        .isEqualTo(new Reading.Other("a delivery report with no failed recipient (delayed)"));
  }

  @Test
  void aReportWithoutAStatusTakesTheCodeFromTheDiagnostic() {
    String dsn =
        DeliveryReportSamples.postfixBounce(
                "news-bounces+0f3a9c@lists.example.com",
                "bob@example.org",
                "5.1.1",
                "550 5.1.1 <bob@example.org>: User unknown")
            .replace("Status: 5.1.1\r\n", "");
    Reading.Bounced b =
        (Reading.Bounced) BounceReader.read(dsn.getBytes(StandardCharsets.US_ASCII));
    assertThat(b.failures())
        .extracting(Failure::recipient, Failure::kind, Failure::status)
        .containsExactly(tuple("bob@example.org", Kind.HARD, "5.1.1"));
  }

  @Test
  void exchangesDeliveryReportIsReadAsRfc3464() {
    Reading.Bounced b = bounced("exchange-dsn.eml", "rfc3464");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "bob@example.org",
                Kind.HARD,
                "5.1.1",
                "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"));
  }

  // Classifying ----------------------------------------------------------------------------------

  static Failure classed(String status, String diagnostic) {
    String dsn =
        DeliveryReportSamples.postfixBounce(
            "news-bounces+0f3a9c@lists.example.com", "bob@example.org", status, diagnostic);
    Reading r = BounceReader.read(dsn.getBytes(StandardCharsets.UTF_8));
    assertThat(r).isInstanceOf(Reading.Bounced.class);
    return ((Reading.Bounced) r).failures().getFirst();
  }

  @Test
  void dmarcSpamAndOtherPolicyRefusalsAreClassedPolicy() {
    assertThat(
            classed(
                    "5.7.26",
                    "550 5.7.26 Unauthenticated email from example.com is not accepted due to"
                        + " domain's DMARC policy")
                .kind())
        .isEqualTo(Kind.POLICY);
    assertThat(
            classed("5.7.1", "554 5.7.1 Service unavailable; Client host blocked using zen").kind())
        .isEqualTo(Kind.POLICY);
    assertThat(
            classed("5.7.509", "550 5.7.509 Access denied, sending domain does not pass DMARC")
                .kind())
        .isEqualTo(Kind.POLICY);
    // a 5.0.0 whose words say why: spam, a blocklist, SPF
    assertThat(classed("5.0.0", "550 Message rejected due to content (spam)").kind())
        .isEqualTo(Kind.POLICY);
    assertThat(classed("5.0.0", "550 Your IP is listed on a blocklist").kind())
        .isEqualTo(Kind.POLICY);
    assertThat(classed("5.0.0", "550 SPF check failed").kind()).isEqualTo(Kind.POLICY);
  }

  @Test
  void aFullMailboxIsSoftEvenWhenTheServerSays5xx() {
    assertThat(classed("5.2.2", "552 5.2.2 <bob@example.org>: Mailbox full").kind())
        .isEqualTo(Kind.SOFT);
    assertThat(classed("5.0.0", "550 user is over quota").kind()).isEqualTo(Kind.SOFT);
  }

  @Test
  void passingFailuresAreSoftAndLastingOnesHard() {
    assertThat(classed("4.4.1", "421 4.4.1 Connection timed out").kind()).isEqualTo(Kind.SOFT);
    assertThat(classed("5.1.1", "550 5.1.1 No such user").kind()).isEqualTo(Kind.HARD);
    assertThat(classed("5.1.2", "550 5.1.2 Host unknown").kind()).isEqualTo(Kind.HARD);
  }

  // The non-standard formats ---------------------------------------------------------------------

  @Test
  void qmail() {
    Reading.Bounced b = bounced("qmail.eml", "qmail");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "bob@example.org",
                Kind.HARD,
                "5.1.1",
                "Sorry, no mailbox here by that name. (#5.1.1)"),
            new Failure(
                "carol@example.net",
                Kind.HARD,
                "5.1.1",
                "550 5.1.1 <carol@example.net>: Recipient address rejected: User unknown in virtual"
                    + " mailbox table"));
  }

  @Test
  void eximsOlderForm() {
    Reading.Bounced b = bounced("exim.eml", "exim");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "bob@example.org",
                Kind.HARD,
                "5.1.1",
                "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local"
                    + " recipient table"),
            new Failure("erin@example.net", Kind.HARD, "", "Unrouteable address"));
  }

  @Test
  void exchangesReportWithoutItsDeliveryStatusPart() {
    Reading.Bounced b = bounced("exchange-ndr.eml", "exchange");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "carol@example.net",
                Kind.HARD,
                "5.1.1",
                "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"));
  }

  @Test
  void exchange2003sReport() {
    Reading.Bounced b = bounced("exchange-2003.eml", "exchange");
    assertThat(b.failures())
        .extracting(Failure::recipient, Failure::kind, Failure::status)
        .containsExactly(tuple("oscar@example.com", Kind.HARD, "5.1.1"));
    assertThat(b.failures().getFirst().diagnostic())
        .startsWith("The e-mail account does not exist at the organization")
        .endsWith("<mail.example.com #5.1.1>");
  }

  @Test
  void gmail() {
    Reading.Bounced b = bounced("gmail.eml", "gmail");
    assertThat(b.failures())
        .extracting(Failure::recipient, Failure::kind, Failure::status)
        .containsExactly(tuple("heidi@example.org", Kind.HARD, "5.1.1"));
    assertThat(b.failures().getFirst().diagnostic())
        .startsWith("550 5.1.1 The email account that you tried to reach does not exist.")
        .endsWith("- gsmtp");
  }

  @Test
  void yahooInBase64() {
    Reading.Bounced b = bounced("yahoo.eml", "yahoo");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "ivan@example.org",
                Kind.HARD,
                "",
                "554 delivery error: dd This user doesn't have a example.org account"
                    + " (ivan@example.org) [0] - mta1042.mail.ne1.example.org [RCPT_TO]"));
  }

  @Test
  void lotusDomino() {
    Reading.Bounced b = bounced("domino.eml", "domino");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "frank@example.org",
                Kind.HARD,
                "",
                "User frank (frank@example.org) not listed in Domino Directory"));
  }

  @Test
  void postfixsPlainTextForm() {
    Reading.Bounced b = bounced("postfix-plain.eml", "postfix");
    assertThat(b.failures())
        .containsExactly(
            new Failure(
                "bob@example.org",
                Kind.HARD,
                "5.1.1",
                "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local"
                    + " recipient table"),
            new Failure(
                "grace@example.net",
                Kind.SOFT,
                "5.2.2",
                "552 5.2.2 <grace@example.net>: Mailbox full"));
  }

  @Test
  void theServersWordsAreReadInTheCharsetOfTheirPart() {
    byte[] raw =
        ("From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r\n"
                + "To: news-bounces+0f3a9c@lists.example.com\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n"
                + "\r\n"
                + "This is the mail system at host mx.example.org.\r\n"
                + "\r\n"
                + "<otto@example.de>: host mx.example.de[192.0.2.44] said: 550 5.1.1 Empf=E4nger\r\n"
                + "    unbekannt (in reply to RCPT TO command)\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(((Reading.Bounced) BounceReader.read(raw)).failures())
        .containsExactly(
            new Failure("otto@example.de", Kind.HARD, "5.1.1", "550 5.1.1 Empfänger unbekannt"));
  }

  @Test
  void warningsThatDeliveryIsDelayedAreNoFailures() {
    String exim =
        new String(sample("exim.eml"), StandardCharsets.US_ASCII)
            .replace(
                "could not be delivered to one or more of its\nrecipients. This is a permanent"
                    + " error. The following address(es) failed:",
                "has not yet been delivered to one or more of its\nrecipients after more than 24"
                    + " hours on the queue on mx.example.org. The address to which the message has"
                    + " not yet been delivered is:");
    assertThat(BounceReader.read(exim.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(new Reading.Other("an Exim warning that delivery is delayed"));

    String postfix =
        new String(sample("postfix-plain.eml"), StandardCharsets.US_ASCII)
            .replace(
                "I'm sorry to have to inform you",
                "####### THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE."
                    + " #######\n\nI'm sorry to have to inform you");
    assertThat(BounceReader.read(postfix.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(new Reading.Other("a Postfix warning that delivery is delayed"));

    String gmail =
        "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r\n"
            + "Subject: Delivery Status Notification (Delay)\r\n\r\n"
            + "** Message not delivered yet **\r\n";
    assertThat(BounceReader.read(gmail.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(new Reading.Other("a Gmail notice that delivery is delayed"));
  }

  // Automatic replies ----------------------------------------------------------------------------

  @Test
  void automaticRepliesAreToldByEachSignAndNeverFailures() {
    assertThat(read("autoreply-rfc3834.eml"))
        .isEqualTo(new Reading.AutoReply("Auto-Submitted: auto-replied (vacation)"));
    assertThat(read("autoreply-outlook.eml"))
        .isEqualTo(new Reading.AutoReply("X-MS-Exchange-Inbox-Rules-Loop: karl@example.net"));
    assertThat(read("autoreply-vacation.eml"))
        .isEqualTo(new Reading.AutoReply("Subject: away from my mail"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "X-Autoreply: yes\r\nSubject: Re: Hello",
        "X-Autorespond: Hello\r\nSubject: Re: Hello",
        "Precedence: auto_reply\r\nSubject: Re: Hello",
        "Subject: Automatic reply: Hello",
        "Subject: Auto: Hello",
        "Subject: Out of Office: Hello",
      })
  void eachSignOfAnAutomaticReplyIsEnough(String fields) {
    byte[] raw =
        ("From: nina@example.org\r\nTo: news-bounces+0f3a9c@lists.example.com\r\n"
                + fields
                + "\r\n\r\nI am away.\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(BounceReader.read(raw))
        .isInstanceOf(Reading.AutoReply.class)
        .isEqualTo(new Reading.AutoReply(fields.split("\r\n")[0]));
  }

  @Test
  void aBounceMarkedAutoRepliedIsStillABounce() {
    // Postfix and Exim put Auto-Submitted: auto-replied on their bounces (RFC 3834 §3.1.7)
    assertThat(bounced("exim.eml", "exim").failures()).hasSize(2);
    String dsn =
        DeliveryReportSamples.postfixBounce(
            "news-bounces+0f3a9c@lists.example.com", "bob@example.org", "5.1.1", "550 5.1.1 gone");
    assertThat(dsn).contains("Auto-Submitted: auto-replied");
    assertThat(BounceReader.read(dsn.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(Reading.Bounced.class);
  }

  // Feedback reports (ARF) -----------------------------------------------------------------------

  @Test
  void rfc5965sSimpleReport() {
    Reading.Feedback f = (Reading.Feedback) read("arf-rfc5965-simple.eml");
    assertThat(f.report().feedbackType()).isEqualTo("abuse");
    assertThat(f.report().userAgent()).isEqualTo("SomeGenerator/1.0");
    assertThat(f.report().originalRecipient()).isEmpty();
    assertThat(f.report().originalMailFrom()).isEmpty();
    assertThat(f.report().reportedHeaders())
        .startsWith("Received: from mailserver.example.net")
        .contains("Subject: Earn money\n")
        .endsWith("Date: Thu, 02 Sep 2004 12:31:03 -0500\n")
        .doesNotContain("Spam Spam");
  }

  @Test
  void rfc5965sCompleteReport() {
    Reading.Feedback f = (Reading.Feedback) read("arf-rfc5965-complete.eml");
    assertThat(f.report())
        .extracting(
            FeedbackReport::feedbackType,
            FeedbackReport::userAgent,
            FeedbackReport::originalRecipient,
            FeedbackReport::originalMailFrom)
        .containsExactly(
            "abuse", "SomeGenerator/1.0", "user@example.com", "somespammer@example.net");
    assertThat(f.report().reportedHeaders())
        .startsWith("From: <somespammer@example.net>\n")
        .contains("Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net\n");
  }

  @Test
  void aMicrosoftJmrpReportNamesTheMemberThroughTheReturnPathAndTheReportedHeaders() {
    Reading.Feedback f = (Reading.Feedback) read("arf-jmrp.eml");
    assertThat(f.report().feedbackType()).isEqualTo("abuse");
    assertThat(f.report().userAgent()).isEqualTo("Hotmail FBL");
    assertThat(f.report().originalMailFrom()).isEqualTo("news-bounces+0f3a9c@lists.example.com");
    assertThat(f.report().originalRecipient()).isEqualTo("redacted@hotmail.example.com");
    assertThat(f.report().reportedHeaders())
        .contains("List-Id: news <news.lists.example.com>\n")
        .contains("List-Unsubscribe: <https://lists.example.com/u/0f3a9c>,\n")
        .doesNotContain("Hello, all.");
  }

  @Test
  void aFeedbackReportWithoutItsReportPartIsNoComplaint() {
    String cut =
        new String(sample("arf-rfc5965-complete.eml"), StandardCharsets.US_ASCII)
            .replace("Content-Type: message/feedback-report", "Content-Type: text/plain");
    assertThat(BounceReader.read(cut.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(new Reading.Other("a feedback report without its message/feedback-report part"));
  }

  // Everything else ------------------------------------------------------------------------------

  @Test
  void aReplyAPersonWroteIsOther() {
    assertThat(read("human-reply.eml")).isInstanceOf(Reading.Other.class);
  }

  @Test
  void garbageIsOtherAndNeverThrows() {
    Random random = new Random(19);
    for (int i = 0; i < 200; i++) {
      byte[] garbage = new byte[random.nextInt(4096)];
      random.nextBytes(garbage);
      assertThat(BounceReader.read(garbage)).isInstanceOf(Reading.Other.class);
    }
    assertThat(BounceReader.read(new byte[0])).isInstanceOf(Reading.Other.class);
    assertThat(BounceReader.read(null)).isInstanceOf(Reading.Other.class);
    byte[] cut = sample("exchange-dsn.eml");
    for (int end = 0; end < cut.length; end += 97) {
      assertThat(BounceReader.read(java.util.Arrays.copyOf(cut, end))).isNotNull();
    }
  }

  @Test
  void onlyTheStartOfAHugeMessageIsRead() {
    StringBuilder huge =
        new StringBuilder(new String(sample("postfix-plain.eml"), StandardCharsets.US_ASCII));
    String line = "x".repeat(76) + "\n";
    while (huge.length() < 8 << 20) {
      huge.append(line);
    }
    Reading.Bounced b =
        (Reading.Bounced) BounceReader.read(huge.toString().getBytes(StandardCharsets.US_ASCII));
    assertThat(b.failures())
        .extracting(Failure::recipient)
        .containsExactly("bob@example.org", "grace@example.net");
  }
}
