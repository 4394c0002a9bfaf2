package org.parley.testkit;

/**
 * Abuse feedback reports (ARF, RFC 5965) as mail providers write them, for tests of complaints: the
 * layout of RFC 5965's Appendix B example (a {@code multipart/report} with a human-readable part, a
 * {@code message/feedback-report} part and the reported message), about a copy a group sent.
 */
public final class FeedbackReportSamples {
  private FeedbackReportSamples() {}

  /**
   * A report from a provider's feedback loop about a copy of a post of {@code group}.
   *
   * @param to where the report is sent (a group's bounce address, or {@code feedback@})
   * @param originalMailFrom the copy's return path, as the provider saw it (empty: left out)
   * @param originalRcptTo the complaining user's address (often redacted: empty leaves it out)
   * @param listUnsubscribe the reported copy's {@code List-Unsubscribe} value (empty: none)
   */
  public static String abuse(
      String to,
      String group,
      String originalMailFrom,
      String originalRcptTo,
      String listUnsubscribe) {
    return ("From: <fbl@mail.example.com>\n"
            + "Date: Sat, 5 Dec 2026 17:40:36 +0000\n"
            + "Subject: FW: [news] Hello\n"
            + "To: <"
            + to
            + ">\n"
            + "Message-ID: <fbl-"
            + Integer.toHexString((originalMailFrom + originalRcptTo + listUnsubscribe).hashCode())
            + "@mail.example.com>\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: multipart/report; report-type=feedback-report;\n"
            + "     boundary=\"part1_13d.2e68ed54_boundary\"\n"
            + "\n"
            + "--part1_13d.2e68ed54_boundary\n"
            + "Content-Type: text/plain; charset=\"US-ASCII\"\n"
            + "Content-Transfer-Encoding: 7bit\n"
            + "\n"
            + "This is an email abuse report for an email message received from IP\n"
            + "192.0.2.2 on Sat, 5 Dec 2026 14:00:00 +0000. For more information\n"
            + "about this format please see http://www.mipassoc.org/arf/.\n"
            + "\n"
            + "--part1_13d.2e68ed54_boundary\n"
            + "Content-Type: message/feedback-report\n"
            + "\n"
            + "Feedback-Type: abuse\n"
            + "User-Agent: SomeGenerator/1.0\n"
            + "Version: 1\n"
            + (originalMailFrom.isEmpty() ? "" : "Original-Mail-From: <" + originalMailFrom + ">\n")
            + (originalRcptTo.isEmpty() ? "" : "Original-Rcpt-To: <" + originalRcptTo + ">\n")
            + "Received-Date: Sat, 5 Dec 2026 14:00:00 +0000\n"
            + "Source-IP: 192.0.2.2\n"
            + "Authentication-Results: mail.example.com;\n"
            + "               spf=pass smtp.mail=lists.test\n"
            + "Reported-Domain: lists.test\n"
            + "\n"
            + "--part1_13d.2e68ed54_boundary\n"
            + "Content-Type: message/rfc822\n"
            + "Content-Disposition: inline\n"
            + "\n"
            + "Received: from lists.test (lists.test [192.0.2.2])\n"
            + "     by mail.example.com with ESMTP id M63d4137594e46;\n"
            + "     Sat, 5 Dec 2026 14:00:00 +0000\n"
            + "From: Ada <ada@example.com>\n"
            + "To: "
            + group
            + "@lists.test\n"
            + "Subject: [news] Hello\n"
            + "List-Id: <"
            + group
            + ".lists.test>\n"
            + (listUnsubscribe.isEmpty() ? "" : "List-Unsubscribe: " + listUnsubscribe + "\n")
            + "MIME-Version: 1.0\n"
            + "Content-type: text/plain\n"
            + "Message-ID: <hello-1@example.com>\n"
            + "Date: Sat, 5 Dec 2026 13:59:00 +0000\n"
            + "\n"
            + "Hello, everyone.\n"
            + "--part1_13d.2e68ed54_boundary--\n")
        .replace("\n", "\r\n");
  }
}
