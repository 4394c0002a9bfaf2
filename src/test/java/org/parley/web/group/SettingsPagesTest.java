package org.parley.web.group;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the settings page reads a size as an owner types it, and names what a save changed. */
class SettingsPagesTest {
  @Test
  void aSizeIsReadInBytesOrWithTheUnitsThePagesWrite() {
    assertThat(SettingsPages.parseSize("1048576")).hasValue(1_048_576L);
    assertThat(SettingsPages.parseSize("512 KB")).hasValue(512L * 1024);
    assertThat(SettingsPages.parseSize("2.5 MB")).hasValue(2_621_440L);
    assertThat(SettingsPages.parseSize(" 10mb ")).hasValue(10L * 1024 * 1024);
    assertThat(SettingsPages.parseSize("1 GB")).hasValue(1024L * 1024 * 1024);
    assertThat(SettingsPages.parseSize("300 bytes")).hasValue(300L);
    assertThat(SettingsPages.parseSize("1,000,000")).hasValue(1_000_000L);
  }

  @Test
  void anythingElseIsNoSize() {
    assertThat(SettingsPages.parseSize("lots")).isEmpty();
    assertThat(SettingsPages.parseSize("")).isEmpty();
    assertThat(SettingsPages.parseSize("-5 MB")).isEmpty();
    assertThat(SettingsPages.parseSize("5 TB")).isEmpty();
    assertThat(SettingsPages.parseSize("99999999999999999999 GB")).isEmpty();
  }

  @Test
  void theNoticeNamesEachSettingChangedInPlainWords() {
    assertThat(SettingsPages.notice(null)).isEmpty();
    assertThat(SettingsPages.notice("")).isEqualTo("Nothing changed.");
    assertThat(SettingsPages.notice("visibility,max-size"))
        .isEqualTo("Saved: who can read, maximum size.");
    assertThat(SettingsPages.notice("nonsense")).isEqualTo("Nothing changed.");
  }
}
