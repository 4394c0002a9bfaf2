package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.parley.archive.PostId;
import org.parley.jobs.PermanentJobFailure;

/**
 * The delivery jobs' payloads: each written as every earlier version wrote it, so jobs queued
 * before an upgrade still run, and a malformed one parks its job at once ({@link
 * PermanentJobFailure}) rather than being retried for days.
 */
class JobPayloadsTest {
  @Test
  void aRelayBatchIsPostFirstLast() throws Exception {
    RelayPayload batch = new RelayPayload(new PostId(12), 100, 599);
    assertThat(batch.encode()).isEqualTo("12:100:599");
    assertThat(RelayPayload.parse("12:100:599")).isEqualTo(batch);
    for (String bad : new String[] {"", "12", "12:100", "12:100:599:1", "12:a:599", "12:100:"}) {
      assertThatThrownBy(() -> RelayPayload.parse(bad))
          .as(bad)
          .isInstanceOf(PermanentJobFailure.class)
          .hasMessage("a relay job's payload is post:first:last, not " + bad);
    }
  }

  @Test
  void aRefusalNoticeIsThePostsId() throws Exception {
    RefusalNoticePayload notice = new RefusalNoticePayload(new PostId(7));
    assertThat(notice.encode()).isEqualTo("7");
    assertThat(RefusalNoticePayload.parse("7")).isEqualTo(notice);
    for (String bad : new String[] {"", "seven", "7,8"}) {
      assertThatThrownBy(() -> RefusalNoticePayload.parse(bad))
          .as(bad)
          .isInstanceOf(PermanentJobFailure.class)
          .hasMessage("a refusal notice's payload is a post id, not " + bad);
    }
  }

  @Test
  void ownerMailIsGroupAndBlobKey() throws Exception {
    String sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    OwnerMailPayload mail = new OwnerMailPayload(3, sha);
    assertThat(mail.encode()).isEqualTo("3:" + sha);
    assertThat(OwnerMailPayload.parse("3:" + sha)).isEqualTo(mail);
    // a group id that is no number was retried until parked before; now it parks at once
    for (String bad : new String[] {"", "3", "3:", "x:" + sha, "3:" + sha + ":4"}) {
      assertThatThrownBy(() -> OwnerMailPayload.parse(bad))
          .as(bad)
          .isInstanceOf(PermanentJobFailure.class)
          .hasMessage("an owner-mail job's payload is group:sha256, not " + bad);
    }
  }
}
