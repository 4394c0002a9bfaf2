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
}
