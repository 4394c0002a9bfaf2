package org.parley.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a post makes its topic active: its Date, within bounds for live mail. */
class TopicActivityTest {
  static final Instant ARRIVAL = Instant.parse("2025-11-30T12:00:00Z");

  static NewPost post(Instant date, boolean live) {
    return new NewPost(
        1,
        new byte[0],
        new MessageId("a@example.com"),
        null,
        List.of(),
        "Subject",
        false,
        "ada@example.com",
        "Ada",
        null,
        date,
        "",
        "",
        "text",
        null,
        List.of(),
        "",
        live ? "smtp" : "import",
        live,
        List.of(),
        Optional.empty(),
        "");
  }

  @Test
  void aLivePostIsActiveAtItsDateAsItsPageShowsIt() {
    Instant date = ARRIVAL.minus(Duration.ofHours(3));
    assertThat(ArchiveWriter.activity(post(date, true), ARRIVAL)).isEqualTo(date);
  }

  @Test
  void aLivePostsDateIsNeverLaterThanItsArrivalNorAWeekBeforeIt() {
    assertThat(ArchiveWriter.activity(post(ARRIVAL.plus(Duration.ofDays(3650)), true), ARRIVAL))
        .isEqualTo(ARRIVAL);
    assertThat(ArchiveWriter.activity(post(Instant.parse("2001-01-01T00:00:00Z"), true), ARRIVAL))
        .isEqualTo(ARRIVAL.minus(Duration.ofDays(7)));
  }

  @Test
  void importedMailKeepsItsDateAndAPostWithoutOneIsActiveOnArrival() {
    Instant old = Instant.parse("2001-01-01T00:00:00Z");
    assertThat(ArchiveWriter.activity(post(old, false), ARRIVAL)).isEqualTo(old);
    assertThat(ArchiveWriter.activity(post(null, true), ARRIVAL)).isEqualTo(ARRIVAL);
  }
}
