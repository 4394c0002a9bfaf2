package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client a front MTA names in the Received field it put on top (RFC 5321 §4.4). */
class ReceivedFromTest {
  static byte[] raw(String header) {
    return (header + "\r\nSubject: hi\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void readsPostfixsForm() {
    assertThat(
            ReceivedFrom.topmost(
                raw(
                    "Return-Path: <ann@example.org>\r\n"
                        + "Received: from mail.example.org (mail.example.org [192.0.2.7])\r\n"
                        + "\tby mx.lists.test (Postfix) with ESMTPS id 4Abc\r\n"
                        + "\tfor <news@lists.test>; Sat, 5 Dec 2026 10:00:00 +0000 (UTC)\r\n"
                        + "Received: from laptop ([10.0.0.2]) by mail.example.org")))
        .contains(new ReceivedFrom("mail.example.org", "192.0.2.7"));
  }

  @Test
  void readsAnUnknownReverseNameAndIpv6() {
    assertThat(
            ReceivedFrom.topmost(
                raw("Received: from helo.example (unknown [IPv6:2001:db8::1]) by mx.lists.test")))
        .contains(new ReceivedFrom("helo.example", "2001:db8::1"));
    assertThat(ReceivedFrom.topmost(raw("Received: from helo.example ([198.51.100.4]) by mx")))
        .contains(new ReceivedFrom("helo.example", "198.51.100.4"));
  }

  @Test
  void onlyTheTopmostCountsAndAFormItCannotReadIsNothing() {
    assertThat(
            ReceivedFrom.topmost(
                raw(
                    "Received: by mx.lists.test (Postfix, from userid 0)\r\n"
                        + "Received: from mail.example.org (mail.example.org [192.0.2.7])")))
        .isEmpty();
    assertThat(ReceivedFrom.topmost(raw("From: ann@example.org"))).isEmpty();
    // a Received field in the body is not the header's
    assertThat(
            ReceivedFrom.topmost(
                "Subject: x\r\n\r\nReceived: from a (b [192.0.2.1])\r\n"
                    .getBytes(StandardCharsets.US_ASCII)))
        .isEmpty();
  }
}
