package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void sizesReadAsBytesKilobytesOrMegabytes() {
    assertThat(Sizes.of(1)).isEqualTo("1 byte");
    assertThat(Sizes.of(512)).isEqualTo("512 bytes");
    assertThat(Sizes.of(200_000)).isEqualTo("195 KB"); // a limit under 1 MB is not "0 MB"
    assertThat(Sizes.of(25L * 1024 * 1024)).isEqualTo("25 MB");
    assertThat(Sizes.of(2_621_440)).isEqualTo("2.5 MB");
    assertThat(Sizes.of(3L * 1024 * 1024 * 1024)).isEqualTo("3 GB");
  }

  @Test
  void aSizeIsReadInBytesOrWithTheUnitsThePagesWrite() {
    assertThat(Sizes.parse("1048576")).hasValue(1_048_576L);
    assertThat(Sizes.parse("512 KB")).hasValue(512L * 1024);
    assertThat(Sizes.parse("2.5 MB")).hasValue(2_621_440L);
    assertThat(Sizes.parse(" 10mb ")).hasValue(10L * 1024 * 1024);
    assertThat(Sizes.parse("1 GB")).hasValue(1024L * 1024 * 1024);
    assertThat(Sizes.parse("300 bytes")).hasValue(300L);
    assertThat(Sizes.parse("1,000,000")).hasValue(1_000_000L);
  }

  @Test
  void anythingElseIsNoSize() {
    assertThat(Sizes.parse("lots")).isEmpty();
    assertThat(Sizes.parse("")).isEmpty();
    assertThat(Sizes.parse("-5 MB")).isEmpty();
    assertThat(Sizes.parse("5 TB")).isEmpty();
    assertThat(Sizes.parse("99999999999999999999 GB")).isEmpty();
  }
}
