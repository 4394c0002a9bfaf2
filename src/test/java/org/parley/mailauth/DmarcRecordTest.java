package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.mailauth.DmarcRecord.Policy;

class DmarcRecordTest {
  @Test
  void readsThePolicyTheSubdomainPolicyAlignmentAndPercentage() {
    DmarcRecord r =
        DmarcRecord.parse("v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=r; pct=50").get();
    assertThat(r.policy()).isEqualTo(Policy.REJECT);
    assertThat(r.subdomainPolicy()).contains(Policy.QUARANTINE);
    assertThat(r.strictDkim()).isTrue();
    assertThat(r.strictSpf()).isFalse();
    assertThat(r.pct()).isEqualTo(50);
  }

  @Test
  void aRecordWithoutTheVersionFirstIsNotDmarc() {
    assertThat(DmarcRecord.parse("p=reject; v=DMARC1")).isEmpty();
    assertThat(DmarcRecord.parse("v=spf1 -all")).isEmpty();
  }

  @Test
  void anUnknownPolicyIsNoRecordUnlessReportsAreAskedFor() {
    assertThat(DmarcRecord.parse("v=DMARC1; p=bogus")).isEmpty();
    assertThat(DmarcRecord.parse("v=DMARC1; rua=mailto:d@example.org").map(DmarcRecord::policy))
        .isEqualTo(Optional.of(Policy.NONE));
  }

  @Test
  void spacesAndCaseDoNotMatter() {
    assertThat(DmarcRecord.parse(" v = DMARC1 ;P=Quarantine ; pct=200").get())
        .satisfies(
            r -> {
              assertThat(r.policy()).isEqualTo(Policy.QUARANTINE);
              assertThat(r.pct()).isEqualTo(100);
            });
  }
}
