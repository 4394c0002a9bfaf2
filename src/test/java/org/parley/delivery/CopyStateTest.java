package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A copy's states keep the words the outbound table always held. */
class CopyStateTest {
  @Test
  void eachStateKeepsItsStoredWord() {
    assertThat(Arrays.stream(CopyState.values()).map(CopyState::word))
        .containsExactly("queued", "sent", "failed", "expired", "withdrawn");
    for (CopyState s : CopyState.values()) {
      assertThat(CopyState.of(s.word())).isEqualTo(s);
    }
    assertThatThrownBy(() -> CopyState.of("bounced"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a copy's state is one of queued, sent, failed, expired, withdrawn, not bounced");
  }
}
