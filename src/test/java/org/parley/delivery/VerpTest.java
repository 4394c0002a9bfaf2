package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parley.group.GroupName;

class VerpTest {
  private final Verp verp = new Verp("Lists.Example.org");

  @Test
  void returnPathCarriesTheMemberTokenAndParsesBack() {
    String path = verp.returnPath(new GroupName("news"), "00ff");
    assertThat(path).isEqualTo("news-bounces+00ff@lists.example.org");
    assertThat(verp.tokenOf(path)).contains("00ff");
    assertThat(verp.tokenOf("<News-Bounces+00ff@LISTS.example.org>")).contains("00ff");
  }

  @Test
  void otherAddressesHaveNoToken() {
    assertThat(verp.tokenOf("news-bounces@lists.example.org")).isEmpty();
    assertThat(verp.tokenOf("news-bounces+00ff@elsewhere.example")).isEmpty();
    assertThat(verp.tokenOf("news@lists.example.org")).isEmpty();
    assertThat(verp.tokenOf(null)).isEmpty();
  }
}
