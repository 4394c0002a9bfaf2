package org.parley.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectsTest {
  @Test
  void replyAndForwardMarkersAndListTagsAreStrippedInManyLanguages() {
    assertThat(Subjects.clean("Re: [news] Re: Fwd: Lunch?")).isEqualTo("Lunch?");
    assertThat(Subjects.clean("AW: WG: Angebot")).isEqualTo("Angebot");
    assertThat(Subjects.clean("SV: Re[2]: Möte")).isEqualTo("Möte");
    assertThat(Subjects.clean("回复: 会议")).isEqualTo("会议");
    assertThat(Subjects.clean("[PATCH v2 3/7] lib: fix overflow")).isEqualTo("lib: fix overflow");
    assertThat(Subjects.key("RE:  Lunch   Plans")).isEqualTo("lunch plans");
  }

  @Test
  void onlyReplyMarkersMakeAReply() {
    assertThat(Subjects.isReply("Re: x")).isTrue();
    assertThat(Subjects.isReply("[news] AW: x")).isTrue();
    assertThat(Subjects.isReply("Fwd: x")).isFalse();
    assertThat(Subjects.isReply("Regarding the plan")).isFalse();
    assertThat(Subjects.isReply(null)).isFalse();
  }
}
