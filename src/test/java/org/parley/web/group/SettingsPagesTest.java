package org.parley.web.group;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the settings page names what a save changed. */
class SettingsPagesTest {
  @Test
  void theNoticeNamesEachSettingChangedInPlainWords() {
    assertThat(SettingsPages.notice(null)).isEmpty();
    assertThat(SettingsPages.notice("")).isEqualTo("Nothing changed.");
    assertThat(SettingsPages.notice("visibility,max-size"))
        .isEqualTo("Saved: who can read, maximum size.");
    assertThat(SettingsPages.notice("nonsense")).isEqualTo("Nothing changed.");
  }
}
