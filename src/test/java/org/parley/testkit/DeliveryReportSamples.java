package org.parley.testkit;

/** Delivery reports (RFC 3464) as real mail servers write them, for tests of bounce handling. */
public final class DeliveryReportSamples {
  private DeliveryReportSamples() {}

  /** A bounce as Postfix 3.7's bounce daemon writes it, for a copy to bob refused at RCPT. */
  public static String postfixBounce(String to, String member, String status, String diagnostic) {
    return ("Return-Path: <>\n"
            + "Received: by mx.example.net (Postfix)\n"
            + "\tid 3F1C2A0C1B; Sat,  5 Dec 2026 09:30:00 +0000 (UTC)\n"
            + "Date: Sat,  5 Dec 2026 09:30:00 +0000 (UTC)\n"
            + "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\n"
            + "Subject: Undelivered Mail Returned to Sender\n"
            + "To: "
            + to
            + "\n"
            + "Auto-Submitted: auto-replied\n"
            + "MIME-Version: 1.0\n"
            + "Content-Type: multipart/report; report-type=delivery-status;\n"
            + "\tboundary=\"3F1C2A0C1B.1796463000/mx.example.net\"\n"
            + "Content-Transfer-Encoding: 8bit\n"
            + "Message-Id: <20261205093000.3F1C2A0C1B@mx.example.net>\n"
            + "\n"
            + "This is a MIME-encapsulated message.\n"
            + "\n"
            + "--3F1C2A0C1B.1796463000/mx.example.net\n"
            + "Content-Description: Notification\n"
            + "Content-Type: text/plain; charset=utf-8\n"
            + "Content-Transfer-Encoding: 8bit\n"
            + "\n"
            + "This is the mail system at host mx.example.net.\n"
            + "\n"
            + "I'm sorry to have to inform you that your message could not\n"
            + "be delivered to one or more recipients. It's attached below.\n"
            + "\n"
            + "<"
            + member
            + ">: host mail.example.com[192.0.2.25] said: "
            + diagnostic
            + " (in reply to RCPT TO command)\n"
            + "\n"
            + "--3F1C2A0C1B.1796463000/mx.example.net\n"
            + "Content-Description: Delivery report\n"
            + "Content-Type: message/delivery-status\n"
            + "\n"
            + "Reporting-MTA: dns; mx.example.net\n"
            + "X-Postfix-Queue-ID: 3F1C2A0C1B\n"
            + "X-Postfix-Sender: rfc822; "
            + to
            + "\n"
            + "Arrival-Date: Sat,  5 Dec 2026 09:29:58 +0000 (UTC)\n"
            + "\n"
            + "Final-Recipient: rfc822; "
            + member
            + "\n"
            + "Original-Recipient: rfc822;"
            + member
            + "\n"
            + "Action: failed\n"
            + "Status: "
            + status
            + "\n"
            + "Remote-MTA: dns; mail.example.com\n"
            + "Diagnostic-Code: smtp; "
            + diagnostic.replace(": ", ":\n    ")
            + "\n"
            + "\n"
            + "--3F1C2A0C1B.1796463000/mx.example.net\n"
            + "Content-Description: Undelivered Message Headers\n"
            + "Content-Type: text/rfc822-headers\n"
            + "\n"
            + "From: Ada <ada@example.com>\n"
            + "Subject: [news] Hello\n"
            + "List-Id: news <news.lists.test>\n"
            + "\n"
            + "--3F1C2A0C1B.1796463000/mx.example.net--\n")
        .replace("\n", "\r\n");
  }
}
