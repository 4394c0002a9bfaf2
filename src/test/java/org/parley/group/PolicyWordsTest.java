package org.parley.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A group's policies are types, but the store keeps the words it always kept (no migration): each
 * value reads back from its word, and a word the store should never hold is refused by name.
 */
class PolicyWordsTest {
  @Test
  void eachPolicyKeepsTheWordTheStoreHolds() {
    assertThat(Arrays.stream(Visibility.values()).map(Visibility::word))
        .containsExactly("public", "signed-in", "private", "managers");
    assertThat(Arrays.stream(Posting.values()).map(Posting::word))
        .containsExactly("members", "anyone", "managers");
    assertThat(Arrays.stream(Joining.values()).map(Joining::word))
        .containsExactly("open", "ask", "closed");
    assertThat(Arrays.stream(ReplyTo.values()).map(ReplyTo::word))
        .containsExactly("group", "author", "both");
    assertThat(Arrays.stream(Moderation.values()).map(Moderation::word))
        .containsExactly("none", "new-members", "non-members", "everyone");
    for (Moderation m : Moderation.values()) {
      assertThat(Moderation.of(m.word())).isEqualTo(m);
    }
    for (Visibility v : Visibility.values()) {
      assertThat(Visibility.of(v.word())).isEqualTo(v);
    }
    for (Posting p : Posting.values()) {
      assertThat(Posting.of(p.word())).isEqualTo(p);
    }
    for (Joining j : Joining.values()) {
      assertThat(Joining.of(j.word())).isEqualTo(j);
    }
    for (ReplyTo r : ReplyTo.values()) {
      assertThat(ReplyTo.of(r.word())).isEqualTo(r);
    }
  }

  @Test
  void anUnknownWordIsRefusedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> Visibility.of("hidden"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("visibility must be public, signed-in, private or managers, not hidden");
    assertThatThrownBy(() -> Posting.of("everyone"))
        .hasMessage("posting must be members, anyone or managers, not everyone");
    assertThatThrownBy(() -> Joining.of("Open"))
        .hasMessage("joining must be open, ask or closed (invited only), not Open");
    assertThatThrownBy(() -> ReplyTo.of("sender"))
        .hasMessage("reply-to must be group, author or both, not sender");
    assertThatThrownBy(() -> Moderation.of("all"))
        .hasMessage("moderation must be none, new-members, non-members or everyone, not all");
  }
}
