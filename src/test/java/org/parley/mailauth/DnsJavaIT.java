package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.mailauth.DmarcRecord.Policy;
import org.parley.testkit.TestDns;

/** Look-ups and DMARC policies asked of a real DNS server (nsd) on 127.0.0.1. */
class DnsJavaIT {
  static TestDns server;
  static DnsJava dns;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestDns.start(
            new TestDns.Zones()
                .txt("_dmarc.reject.example", "v=DMARC1; p=reject; sp=none")
                .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine")
                .txt("_dmarc.none.example", "v=DMARC1; p=none; rua=mailto:d@none.example")
                .txt("_dmarc.twice.example", "v=DMARC1; p=reject")
                .txt("_dmarc.twice.example", "v=DMARC1; p=none")
                .txt("_dmarc.inherits.example", "v=DMARC1; p=reject")
                .txt("_dmarc.sub.only.example", "v=DMARC1; p=quarantine")
                .a("nodmarc.example", "127.0.0.1")
                .txt("long.nodmarc.example", "x".repeat(600)));
    dns = new DnsJava(List.of(server.address()), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRecordOfSeveralStringsComesBackJoined() {
    assertThat(dns.txt("long.nodmarc.example"))
        .isEqualTo(new TxtAnswer.Found(List.of("x".repeat(600))));
  }

  @Test
  void aNameWithoutTheRecordAndANameThatDoesNotExistAreBothNone() {
    assertThat(dns.txt("nodmarc.example")).isInstanceOf(TxtAnswer.None.class);
    assertThat(dns.txt("nothing-here.nodmarc.example")).isInstanceOf(TxtAnswer.None.class);
  }

  @Test
  void aServerThatDoesNotAnswerIsATemporaryErrorAfterTheTimeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      DnsJava mute =
          new DnsJava(
              List.of(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort())),
              Duration.ofMillis(300));
      assertThat(mute.txt("_dmarc.reject.example")).isInstanceOf(TxtAnswer.TempError.class);
      assertThat(new DmarcPolicies(mute).of("reject.example").mayRejectUnaligned()).isTrue();
    }
  }

  @Test
  void dmarcPoliciesAreFoundAtTheDomainAndElseAtItsOrganizationalDomain() {
    DmarcPolicies policies = new DmarcPolicies(dns);
    assertThat(policy(policies, "reject.example")).isEqualTo(Policy.REJECT);
    assertThat(policy(policies, "quarantine.example")).isEqualTo(Policy.QUARANTINE);
    assertThat(policy(policies, "none.example")).isEqualTo(Policy.NONE);
    // inherited: sp= applies to a subdomain, p= when there is no sp=
    assertThat(policy(policies, "mail.reject.example")).isEqualTo(Policy.NONE);
    assertThat(policy(policies, "mail.inherits.example")).isEqualTo(Policy.REJECT);
    assertThat(policies.of("mail.inherits.example"))
        .isEqualTo(
            new DmarcPolicy.Published(
                DmarcRecord.parse("v=DMARC1; p=reject").get(), "inherits.example", true));
    // the subdomain's own record, not the parent's absence
    assertThat(policy(policies, "sub.only.example")).isEqualTo(Policy.QUARANTINE);
  }

  @Test
  void noRecordOrTwoRecordsAreNoPolicyAndNeedNoRewriting() {
    DmarcPolicies policies = new DmarcPolicies(dns);
    assertThat(policies.of("nodmarc.example")).isInstanceOf(DmarcPolicy.Unpublished.class);
    assertThat(policies.of("twice.example")).isInstanceOf(DmarcPolicy.Unpublished.class);
    assertThat(policies.of("nodmarc.example").mayRejectUnaligned()).isFalse();
    assertThat(policies.of("reject.example").mayRejectUnaligned()).isTrue();
  }

  private static Policy policy(DmarcPolicies policies, String domain) {
    return ((DmarcPolicy.Published) policies.of(domain)).policy();
  }
}
