package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.parley.testkit.DeliveryReportSamples;

/** RFC 3464 delivery reports, as Postfix writes them (issue 16, item 15; RELIABILITY E3). */
class DeliveryStatusTest {
  @Test
  void aPostfixBounceGivesTheRecipientActionAndStatus() throws Exception {
    String dsn =
        DeliveryReportSamples.postfixBounce(
            "news-bounces+00ff@lists.test",
            "bob@example.com",
            "5.1.1",
            "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown");
    DeliveryStatus status = DeliveryStatus.parse(dsn.getBytes(StandardCharsets.US_ASCII));

    assertThat(status.reportingMta()).isEqualTo("mx.example.net");
    assertThat(status.recipients()).hasSize(1);
    DeliveryStatus.Recipient r = status.recipients().get(0);
    assertThat(r.finalRecipient()).isEqualTo("bob@example.com");
    assertThat(r.originalRecipient()).isEqualTo("bob@example.com");
    assertThat(r.action()).isEqualTo("failed");
    assertThat(r.status()).isEqualTo("5.1.1");
    assertThat(r.remoteMta()).isEqualTo("mail.example.com");
    // folded over two lines, read as one
    assertThat(r.diagnosticCode())
        .isEqualTo("smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown");
  }

  @Test
  void aReportOfSeveralRecipientsGivesEach() throws Exception {
    String dsn =
        DeliveryReportSamples.postfixBounce(
                "news-bounces@lists.test", "bob@example.com", "5.1.1", "550 5.1.1 gone")
            .replace(
                "\r\n--3F1C2A0C1B.1796463000/mx.example.net\r\nContent-Description: Undelivered",
                "\r\nFinal-Recipient: rfc822; carol@example.com\r\nAction: Delayed\r\n"
                    + "Status: 4.2.2\r\n\r\n"
                    + "--3F1C2A0C1B.1796463000/mx.example.net\r\nContent-Description: Undelivered");
    DeliveryStatus status = DeliveryStatus.parse(dsn.getBytes(StandardCharsets.US_ASCII));

    assertThat(status.recipients())
        .extracting(
            DeliveryStatus.Recipient::finalRecipient,
            DeliveryStatus.Recipient::action,
            DeliveryStatus.Recipient::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bob@example.com", "failed", "5.1.1"),
            org.assertj.core.groups.Tuple.tuple("carol@example.com", "delayed", "4.2.2"));
  }

  @Test
  void anythingElseIsMalformedWithAReason() {
    byte[] vacation =
        "From: bob@example.com\r\nSubject: Out of office\r\n\r\nBack on Monday.\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> DeliveryStatus.parse(vacation))
        .isInstanceOf(DeliveryStatus.Malformed.class)
        .hasMessageContaining("no message/delivery-status part");

    String empty =
        DeliveryReportSamples.postfixBounce(
            "news-bounces@lists.test", "bob@example.com", "5.1.1", "550 gone");
    String cut =
        empty.substring(0, empty.indexOf("Final-Recipient"))
            + "--3F1C2A0C1B.1796463000/mx.example.net--\r\n";
    assertThatThrownBy(() -> DeliveryStatus.parse(cut.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(DeliveryStatus.Malformed.class)
        .hasMessageContaining("names no recipient");
    assertThatThrownBy(() -> DeliveryStatus.parse(new byte[0]))
        .isInstanceOf(DeliveryStatus.Malformed.class);
  }

  @Test
  void ofTwoStatusPartsTheOneThatNamesARecipientIsRead() throws Exception {
    // as an InterMail gateway writes it: its prose in a first message/delivery-status part
    String dsn =
        ("From: Mail Administrator <postmaster@example.net>\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n"
                + "\n"
                + "--b\n"
                + "Content-Type: message/delivery-status\n"
                + "\n"
                + "This Message was undeliverable due to the following reason:\n"
                + "\n"
                + "<carol@example.net> has restricted SMS e-mail\n"
                + "\n"
                + "--b\n"
                + "Content-Type: message/delivery-status\n"
                + "\n"
                + "Reporting-MTA: dns; mx.example.net\n"
                + "\n"
                + "Original-Recipient: rfc822;carol@example.net\n"
                + "Final-Recipient: RFC822; <carol@example.net>\n"
                + "Action: failed\n"
                + "Status: 5.3.0\n"
                + "\n"
                + "--b--\n")
            .replace("\n", "\r\n");
    DeliveryStatus status = DeliveryStatus.parse(dsn.getBytes(StandardCharsets.US_ASCII));

    assertThat(status.reportingMta()).isEqualTo("mx.example.net");
    assertThat(status.recipients())
        .extracting(DeliveryStatus.Recipient::originalRecipient, DeliveryStatus.Recipient::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("carol@example.net", "5.3.0"));
  }
}
