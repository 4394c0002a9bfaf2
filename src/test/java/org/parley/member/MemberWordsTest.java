package org.parley.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A membership's role, delivery mode and status are types, but the store keeps the words it always
 * kept (no migration); only owners and managers moderate.
 */
class MemberWordsTest {
  @Test
  void eachValueKeepsTheWordTheStoreHolds() {
    assertThat(Arrays.stream(Role.values()).map(Role::word))
        .containsExactly("owner", "manager", "member");
    assertThat(Arrays.stream(DeliveryMode.values()).map(DeliveryMode::word))
        .containsExactly("each", "digest", "abridged", "none");
    assertThat(Arrays.stream(MemberStatus.values()).map(MemberStatus::word))
        .containsExactly("active", "disabled");
    for (Role r : Role.values()) {
      assertThat(Role.of(r.word())).isEqualTo(r);
    }
    for (DeliveryMode d : DeliveryMode.values()) {
      assertThat(DeliveryMode.of(d.word())).isEqualTo(d);
    }
    for (MemberStatus s : MemberStatus.values()) {
      assertThat(MemberStatus.of(s.word())).isEqualTo(s);
    }
  }

  @Test
  void ownersAndManagersModerateAndMembersDoNot() {
    assertThat(Role.OWNER.canModerate()).isTrue();
    assertThat(Role.MANAGER.canModerate()).isTrue();
    assertThat(Role.MEMBER.canModerate()).isFalse();
  }

  @Test
  void anUnknownWordIsRefusedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> Role.of("admin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("role must be one of owner, manager, member: admin");
    assertThatThrownBy(() -> DeliveryMode.of("weekly"))
        .hasMessage("delivery must be one of each, digest, abridged, none: weekly");
    assertThatThrownBy(() -> MemberStatus.of("banned"))
        .hasMessage("status must be active or disabled, not banned");
  }
}
