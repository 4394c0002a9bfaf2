package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AvatarTest {
  @Test
  void twoInitialsFromTheNameInAnyScript() {
    assertThat(Avatar.of("Ada Lovelace", "ada@example.com").initials()).isEqualTo("AL");
    assertThat(Avatar.of("Grace Brewster Murray Hopper", "g@x").initials()).isEqualTo("GB");
    assertThat(Avatar.of("đặng thu", "d@x").initials()).isEqualTo("ĐT");
    assertThat(Avatar.of("山田 太郎", "y@x").initials()).isEqualTo("山太");
    assertThat(Avatar.of("\"Alan\" (Turing)", "a@x").initials()).isEqualTo("AT");
  }

  @Test
  void theAddressStandsInForAMissingName() {
    assertThat(Avatar.of("", "john.smith@example.com").initials()).isEqualTo("JS");
    assertThat(Avatar.of(null, null).initials()).isEqualTo("?");
  }

  @Test
  void theColourFollowsTheAddressNotTheName() {
    Avatar a = Avatar.of("Ada", "ada@example.com");
    assertThat(Avatar.of("Ada Lovelace", "ADA@example.com").hue()).isEqualTo(a.hue());
    assertThat(a.hue()).isBetween(0, 359);
    assertThat(a.hueClass()).isEqualTo("hue-" + (a.hue() - a.hue() % 15));
  }
}
