package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The site's Authentication-Results field value (RFC 8601 §2.2): its syntax and its quoting. */
class AuthenticationResultsTest {
  @Test
  void recordsEachMethodWithItsProperties() {
    SenderAuthentication a =
        new SenderAuthentication(
            new SpfResult(
                SpfResult.Outcome.PASS,
                SpfResult.Identity.MAILFROM,
                "ann@example.org",
                "example.org"),
            List.of(new DkimResult("example.org", "s1", "rsa-sha256", DkimResult.Outcome.PASS, "")),
            new DmarcResult(
                DmarcResult.Outcome.PASS,
                "example.org",
                Optional.of(DmarcRecord.Policy.REJECT),
                true,
                ""));
    assertThat(a.header("Lists.Example.org."))
        .isEqualTo(
            "lists.example.org; spf=pass smtp.mailfrom=ann@example.org;"
                + " dkim=pass header.d=example.org header.s=s1 header.a=rsa-sha256;"
                + " dmarc=pass (p=reject) header.from=example.org");
  }

  @Test
  void aBounceIsCheckedByItsHeloNameAndAMessageWithoutSignaturesHasDkimNone() {
    SenderAuthentication a =
        new SenderAuthentication(
            new SpfResult(
                SpfResult.Outcome.SOFTFAIL,
                SpfResult.Identity.HELO,
                "mx.example.net",
                "mx.example.net"),
            List.of(),
            new DmarcResult(
                DmarcResult.Outcome.NONE,
                "example.org",
                Optional.empty(),
                false,
                "no aligned SPF or DKIM pass"));
    assertThat(a.header("lists.test"))
        .isEqualTo(
            "lists.test; spf=softfail smtp.helo=mx.example.net; dkim=none;"
                + " dmarc=none reason=\"no aligned SPF or DKIM pass\" header.from=example.org");
  }

  @Test
  void aFailedSignatureSaysWhyInAQuotedReason() {
    SenderAuthentication a =
        new SenderAuthentication(
            new SpfResult(
                SpfResult.Outcome.FAIL,
                SpfResult.Identity.MAILFROM,
                "bob@reject.example",
                "reject.example"),
            List.of(
                new DkimResult(
                    "reject.example",
                    "sel",
                    "ed25519-sha256",
                    DkimResult.Outcome.FAIL,
                    "body hash \"bh\" did not verify")),
            new DmarcResult(
                DmarcResult.Outcome.FAIL,
                "reject.example",
                Optional.of(DmarcRecord.Policy.REJECT),
                false,
                "no aligned SPF or DKIM pass"));
    assertThat(a.header("lists.test"))
        .contains(
            "; dkim=fail reason=\"body hash \\\"bh\\\" did not verify\" header.d=reject.example")
        .contains("dmarc=fail (p=reject) reason=\"no aligned SPF or DKIM pass\"");
  }

  @Test
  void valuesThatAreNotTokensOrAddressesAreQuotedAndLineBreaksDropped() {
    assertThat(AuthenticationResults.pvalue("ann@example.org")).isEqualTo("ann@example.org");
    assertThat(AuthenticationResults.pvalue("@example.org")).isEqualTo("@example.org");
    assertThat(AuthenticationResults.pvalue("\"ann smith\"@example.org"))
        .isEqualTo("\"\\\"ann smith\\\"@example.org\"");
    assertThat(AuthenticationResults.pvalue("a;b@example.org")).isEqualTo("\"a;b@example.org\"");
    assertThat(AuthenticationResults.value("s1")).isEqualTo("s1");
    assertThat(AuthenticationResults.value("sel=1")).isEqualTo("\"sel=1\"");
    assertThat(AuthenticationResults.value("x\r\nInjected: yes")).isEqualTo("\"xInjected: yes\"");
  }
}
