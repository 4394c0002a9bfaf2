package org.parley.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.jobs.PermanentJobFailure;

/**
 * The index and distribute jobs' payload: written as every earlier version wrote it, so jobs queued
 * before an upgrade still run, and a malformed one parks its job at once.
 */
class PostsPayloadTest {
  @Test
  void postIdsAreWrittenCommaSeparatedAndReadBack() throws Exception {
    PostsPayload three = new PostsPayload(List.of(new PostId(12), new PostId(13), new PostId(7)));
    assertThat(three.encode()).isEqualTo("12,13,7");
    assertThat(PostsPayload.parse("12,13,7")).isEqualTo(three);
    assertThat(PostsPayload.parse("42").posts()).containsExactly(new PostId(42));
    assertThat(PostsPayload.parse("1, 2").posts()).containsExactly(new PostId(1), new PostId(2));
  }

  @Test
  void aMalformedPayloadFailsForGood() {
    for (String bad : new String[] {"", "a", "1,,2", "1,2,", "1:2"}) {
      assertThatThrownBy(() -> PostsPayload.parse(bad))
          .as(bad)
          .isInstanceOf(PermanentJobFailure.class)
          .hasMessage(
              "an index or distribute job's payload is post ids, comma-separated, not " + bad);
    }
  }
}
