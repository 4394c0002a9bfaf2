package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DomainsTest {
  @Test
  void theOrganizationalDomainIsOneLabelBelowThePublicSuffix() {
    assertThat(Domains.organizational("lists.example.co.uk")).isEqualTo("example.co.uk");
    assertThat(Domains.organizational("mail.yahoo.com")).isEqualTo("yahoo.com");
    assertThat(Domains.organizational("Yahoo.COM.")).isEqualTo("yahoo.com");
    assertThat(Domains.organizational("a.b.c.example.org")).isEqualTo("example.org");
  }

  @Test
  void aNameUnderNoKnownSuffixFallsBackToItsLastTwoLabels() {
    assertThat(Domains.organizational("mail.reject.test")).isEqualTo("reject.test");
    assertThat(Domains.organizational("localhost")).isEqualTo("localhost");
  }

  @Test
  void relaxedAlignmentComparesOrganizationalDomainsAndStrictTheNamesThemselves() {
    assertThat(Domains.aligned("mail.example.org", "example.org", false)).isTrue();
    assertThat(Domains.aligned("mail.example.org", "example.org", true)).isFalse();
    assertThat(Domains.aligned("example.org", "EXAMPLE.org.", true)).isTrue();
    assertThat(Domains.aligned("example.org", "example.net", false)).isFalse();
    assertThat(Domains.aligned("", "example.net", false)).isFalse();
  }
}
