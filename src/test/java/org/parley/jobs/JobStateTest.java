package org.parley.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Job states keep the words the jobs table always held, so queued jobs survive an upgrade. */
class JobStateTest {
  @Test
  void eachStateKeepsItsStoredWord() {
    assertThat(Arrays.stream(JobState.values()).map(JobState::word))
        .containsExactly("ready", "running", "done", "parked");
    for (JobState s : JobState.values()) {
      assertThat(JobState.of(s.word())).isEqualTo(s);
    }
    assertThatThrownBy(() -> JobState.of("waiting"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a job's state is one of ready, running, done, parked, not waiting");
  }
}
