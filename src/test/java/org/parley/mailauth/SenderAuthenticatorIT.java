package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.testkit.TestDns;

/**
 * SPF (with jSPF) and DMARC as the door checks them, against a real DNS server (nsd) on 127.0.0.1
 * serving domains with p=reject, p=quarantine, p=none and no record, each with an SPF record that
 * authorizes 127.0.0.1 ({@code pass.*}) or only 192.0.2.1 (the others).
 */
class SenderAuthenticatorIT {
  static TestDns server;
  static DnsJava dns;
  static final byte[] RAW = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

  @BeforeAll
  static void start() throws Exception {
    TestDns.Zones zones = new TestDns.Zones();
    for (String p : List.of("reject", "quarantine", "none")) {
      zones.txt("_dmarc." + p + ".example", "v=DMARC1; p=" + p);
      zones.txt(p + ".example", "v=spf1 ip4:192.0.2.1 -all");
      zones.txt("_dmarc.pass" + p + ".example", "v=DMARC1; p=" + p);
      zones.txt("pass" + p + ".example", "v=spf1 ip4:127.0.0.1 -all");
    }
    zones.txt("norecord.example", "v=spf1 ip4:192.0.2.1 ~all");
    zones.txt("passnorecord.example", "v=spf1 ip4:127.0.0.0/8 -all");
    zones.txt("mx.helo.example", "v=spf1 ip4:127.0.0.1 -all");
    server = TestDns.start(zones);
    dns = new DnsJava(List.of(server.address()), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static SenderAuthentication check(String mailFrom, String authorDomain) {
    return new SenderAuthenticator(true, dns, raw -> List.of())
        .check("127.0.0.1", "client.test", mailFrom, authorDomain, RAW)
        .orElseThrow();
  }

  @Test
  void aDomainThatAuthorizesTheClientPassesSpfAndDmarc() {
    SenderAuthentication a = check("ann@passreject.example", "passreject.example");
    assertThat(a.spf().outcome()).isEqualTo(SpfResult.Outcome.PASS);
    assertThat(a.dmarc().outcome()).isEqualTo(DmarcResult.Outcome.PASS);
    assertThat(a.unauthenticated()).isFalse();
    assertThat(a.header("lists.test"))
        .isEqualTo(
            "lists.test; spf=pass smtp.mailfrom=ann@passreject.example; dkim=none;"
                + " dmarc=pass (p=reject) header.from=passreject.example");
  }

  @Test
  void eachPolicyOfADomainThatDoesNotAuthorizeTheClientFails() {
    for (String p : List.of("reject", "quarantine", "none")) {
      SenderAuthentication a = check("bob@" + p + ".example", p + ".example");
      assertThat(a.spf().outcome()).as(p).isEqualTo(SpfResult.Outcome.FAIL);
      assertThat(a.dmarc().outcome()).as(p).isEqualTo(DmarcResult.Outcome.FAIL);
      assertThat(a.dmarc().policy().orElseThrow().word()).isEqualTo(p);
      assertThat(a.unauthenticated()).as(p).isTrue();
      assertThat(a.header("lists.test"))
          .contains("spf=fail smtp.mailfrom=bob@" + p + ".example")
          .contains("dmarc=fail (p=" + p + ")");
    }
  }

  @Test
  void aDomainWithoutARecordIsNoneAlignedOrNot() {
    SenderAuthentication softfail = check("cy@norecord.example", "norecord.example");
    assertThat(softfail.spf().outcome()).isEqualTo(SpfResult.Outcome.SOFTFAIL);
    assertThat(softfail.dmarc().outcome()).isEqualTo(DmarcResult.Outcome.NONE);
    assertThat(softfail.unauthenticated()).as("no alignment at all").isTrue();
    SenderAuthentication pass = check("cy@passnorecord.example", "passnorecord.example");
    assertThat(pass.dmarc().outcome()).isEqualTo(DmarcResult.Outcome.NONE);
    assertThat(pass.unauthenticated()).isFalse();
  }

  @Test
  void anEnvelopeSenderOfAnotherDomainDoesNotAlignWithTheFrom() {
    SenderAuthentication a = check("bounces@passnone.example", "reject.example");
    assertThat(a.spf().outcome()).isEqualTo(SpfResult.Outcome.PASS);
    assertThat(a.dmarc().outcome()).isEqualTo(DmarcResult.Outcome.FAIL);
  }

  @Test
  void aBounceIsCheckedByItsHeloName() {
    SenderAuthentication a =
        new SenderAuthenticator(true, dns, raw -> List.of())
            .check("127.0.0.1", "mx.helo.example", "", "helo.example", RAW)
            .orElseThrow();
    assertThat(a.spf().identity()).isEqualTo(SpfResult.Identity.HELO);
    assertThat(a.spf().outcome()).isEqualTo(SpfResult.Outcome.PASS);
    assertThat(a.header("lists.test")).contains("spf=pass smtp.helo=mx.helo.example");
    assertThat(a.dmarc().outcome()).isEqualTo(DmarcResult.Outcome.NONE);
    assertThat(a.dmarc().aligned()).isTrue();
  }

  @Test
  void aServerThatDoesNotAnswerLeavesItUndecided() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      DnsJava mute =
          new DnsJava(
              List.of(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort())),
              Duration.ofMillis(300));
      SenderAuthentication a =
          new SenderAuthenticator(true, mute, raw -> List.of())
              .check(
                  "127.0.0.1", "client.test", "ann@passreject.example", "passreject.example", RAW)
              .orElseThrow();
      assertThat(a.spf().outcome()).isEqualTo(SpfResult.Outcome.TEMPERROR);
      assertThat(a.undecided()).isTrue();
      assertThat(a.unauthenticated()).isFalse();
      assertThat(a.header("lists.test")).contains("spf=temperror").contains("dmarc=temperror");
    }
  }

  @Test
  void offChecksNothing() {
    assertThat(
            new SenderAuthenticator(false, dns, raw -> List.of())
                .check("127.0.0.1", "client.test", "bob@reject.example", "reject.example", RAW))
        .isEmpty();
  }
}
