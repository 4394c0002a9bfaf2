package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * DMARC's evaluation (RFC 7489 §3.1, §6.6.2): which identifiers count as aligned with the From's
 * domain under relaxed and strict modes, and what a failed look-up makes of the result.
 */
class DmarcTest {
  static DmarcPolicy published(String txt) {
    return new DmarcPolicy.Published(DmarcRecord.parse(txt).orElseThrow(), "example.org", false);
  }

  static SpfResult spf(SpfResult.Outcome o, String domain) {
    return new SpfResult(o, SpfResult.Identity.MAILFROM, "ann@" + domain, domain);
  }

  static DkimResult dkim(DkimResult.Outcome o, String domain) {
    return new DkimResult(domain, "s1", "rsa-sha256", o, "");
  }

  static final SpfResult NO_SPF = spf(SpfResult.Outcome.NONE, "elsewhere.net");

  @Test
  void anSpfPassForTheFromsOwnDomainPasses() {
    DmarcResult r =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=reject"),
            spf(SpfResult.Outcome.PASS, "example.org"),
            List.of());
    assertThat(r.outcome()).isEqualTo(DmarcResult.Outcome.PASS);
    assertThat(r.aligned()).isTrue();
    assertThat(r.policy()).contains(DmarcRecord.Policy.REJECT);
  }

  @Test
  void relaxedAlignmentTakesASubdomainOfTheSameOrganization() {
    DmarcResult r =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=reject"),
            spf(SpfResult.Outcome.PASS, "bounces.example.org"),
            List.of(dkim(DkimResult.Outcome.PASS, "mail.example.org")));
    assertThat(r.outcome()).isEqualTo(DmarcResult.Outcome.PASS);
  }

  @Test
  void strictSpfAlignmentWantsTheSameDomain() {
    DmarcResult r =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=reject; aspf=s"),
            spf(SpfResult.Outcome.PASS, "bounces.example.org"),
            List.of());
    assertThat(r.outcome()).isEqualTo(DmarcResult.Outcome.FAIL);
    assertThat(r.aligned()).isFalse();
  }

  @Test
  void strictDkimAlignmentWantsTheSameDomainButStrictSpfDoesNotStopAnAlignedSignature() {
    DmarcResult strict =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=quarantine; adkim=s"),
            NO_SPF,
            List.of(dkim(DkimResult.Outcome.PASS, "mail.example.org")));
    assertThat(strict.outcome()).isEqualTo(DmarcResult.Outcome.FAIL);
    DmarcResult exact =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=quarantine; adkim=s; aspf=s"),
            NO_SPF,
            List.of(dkim(DkimResult.Outcome.PASS, "example.org")));
    assertThat(exact.outcome()).isEqualTo(DmarcResult.Outcome.PASS);
  }

  @Test
  void anotherDomainsPassOrAFailedSignatureIsNoAlignment() {
    DmarcResult r =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=reject"),
            spf(SpfResult.Outcome.PASS, "example.net"),
            List.of(
                dkim(DkimResult.Outcome.PASS, "example.net"),
                dkim(DkimResult.Outcome.FAIL, "example.org")));
    assertThat(r.outcome()).isEqualTo(DmarcResult.Outcome.FAIL);
    assertThat(r.aligned()).isFalse();
  }

  @Test
  void aFailureUnderPNoneIsStillAFailure() {
    DmarcResult r =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=none"),
            spf(SpfResult.Outcome.FAIL, "example.org"),
            List.of());
    assertThat(r.outcome()).isEqualTo(DmarcResult.Outcome.FAIL);
    assertThat(r.policy()).contains(DmarcRecord.Policy.NONE);
  }

  @Test
  void aSubdomainUsesTheOrganizationsSubdomainPolicy() {
    DmarcPolicy inherited =
        new DmarcPolicy.Published(
            DmarcRecord.parse("v=DMARC1; p=reject; sp=quarantine").orElseThrow(),
            "example.org",
            true);
    DmarcResult r = Dmarc.evaluate("lists.example.org", inherited, NO_SPF, List.of());
    assertThat(r.policy()).contains(DmarcRecord.Policy.QUARANTINE);
  }

  @Test
  void withoutARecordTheResultIsNoneAndAlignmentIsJudgedRelaxed() {
    DmarcResult aligned =
        Dmarc.evaluate(
            "example.org",
            new DmarcPolicy.Unpublished(),
            spf(SpfResult.Outcome.PASS, "mail.example.org"),
            List.of());
    assertThat(aligned.outcome()).isEqualTo(DmarcResult.Outcome.NONE);
    assertThat(aligned.aligned()).isTrue();
    DmarcResult not =
        Dmarc.evaluate(
            "example.org",
            new DmarcPolicy.Unpublished(),
            spf(SpfResult.Outcome.FAIL, "example.org"),
            List.of());
    assertThat(not.outcome()).isEqualTo(DmarcResult.Outcome.NONE);
    assertThat(not.aligned()).isFalse();
  }

  @Test
  void aRecordThatCouldNotBeLookedUpIsATemporaryError() {
    DmarcResult r =
        Dmarc.evaluate(
            "example.org",
            new DmarcPolicy.Unknown("timed out"),
            spf(SpfResult.Outcome.PASS, "mail.example.org"),
            List.of());
    assertThat(r.outcome()).isEqualTo(DmarcResult.Outcome.TEMPERROR);
    // an identifier aligned even strictly passes whatever the record would say
    assertThat(
            Dmarc.evaluate(
                    "example.org",
                    new DmarcPolicy.Unknown("timed out"),
                    spf(SpfResult.Outcome.PASS, "example.org"),
                    List.of())
                .outcome())
        .isEqualTo(DmarcResult.Outcome.PASS);
  }

  @Test
  void anSpfTemporaryErrorForAnAlignedDomainLeavesItUndecided() {
    DmarcResult r =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=reject"),
            spf(SpfResult.Outcome.TEMPERROR, "example.org"),
            List.of());
    assertThat(r.outcome()).isEqualTo(DmarcResult.Outcome.TEMPERROR);
    DmarcResult unrelated =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=reject"),
            spf(SpfResult.Outcome.TEMPERROR, "example.net"),
            List.of());
    assertThat(unrelated.outcome()).isEqualTo(DmarcResult.Outcome.FAIL);
    DmarcResult decided =
        Dmarc.evaluate(
            "example.org",
            published("v=DMARC1; p=reject"),
            spf(SpfResult.Outcome.TEMPERROR, "example.org"),
            List.of(dkim(DkimResult.Outcome.PASS, "example.org")));
    assertThat(decided.outcome()).isEqualTo(DmarcResult.Outcome.PASS);
  }

  @Test
  void aFromWithoutADomainHasNoDmarc() {
    DmarcResult r = Dmarc.evaluate("", new DmarcPolicy.Unpublished(), NO_SPF, List.of());
    assertThat(r.outcome()).isEqualTo(DmarcResult.Outcome.NONE);
    assertThat(r.policy()).isEqualTo(Optional.empty());
  }
}
