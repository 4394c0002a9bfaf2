package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Where sign-in leads back to: a path on this site, or the front page. */
class ReturnPathTest {
  @Test
  void aPathOnThisSiteIsKeptWithItsQuery() {
    assertThat(ReturnPath.parse("/g/news/new").value()).isEqualTo("/g/news/new");
    assertThat(ReturnPath.parse("/search?q=a%20b&page=2").value())
        .isEqualTo("/search?q=a%20b&page=2");
    assertThat(ReturnPath.parse("/").value()).isEqualTo("/");
  }

  @Test
  void anythingThatCouldLeadToAnotherHostBecomesTheFrontPage() {
    for (String bad :
        new String[] {
          null,
          "",
          "//evil.example",
          "/\\evil.example",
          "\\/evil.example",
          "/x\\y",
          "https://evil.example/",
          "javascript:alert(1)",
          "evil.example/",
          "/\r\nLocation: https://evil.example/",
          "/ x",
          "/\u00a0x",
          "/" + "a".repeat(2001)
        }) {
      assertThat(ReturnPath.parse(bad)).as(String.valueOf(bad)).isEqualTo(ReturnPath.HOME);
    }
    assertThatThrownBy(() -> new ReturnPath("//evil.example"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSignInLinkCarriesThePathEncoded() {
    assertThat(ReturnPath.parse("/g/news/new?x=1&y=2").loginUrl())
        .isEqualTo("/login?next=%2Fg%2Fnews%2Fnew%3Fx%3D1%26y%3D2");
    assertThat(ReturnPath.HOME.loginUrl()).isEqualTo("/login");
  }
}
