package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 17 item 4: one way to write a Date field, read back by the parser's reader. */
class DateFieldTest {
  @Test
  void aDateIsWrittenInRfc5322FormInUtcAndReadsBackToTheSameSecond() {
    Instant when = Instant.parse("2026-12-05T09:07:03Z");
    assertThat(DateField.value(when)).isEqualTo("Sat, 5 Dec 2026 09:07:03 +0000");
    assertThat(DateReader.read(DateField.value(when))).isEqualTo(when);
  }
}
