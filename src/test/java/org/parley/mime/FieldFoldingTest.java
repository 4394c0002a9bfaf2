package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.mime4j.util.MimeUtil;
import org.junit.jupiter.api.Test;

class FieldFoldingTest {
  private static final String ID = "<0123456789abcdef0123456789abcdef@lists.example.org>";

  @Test
  void aShortFieldStaysOnOneLine() {
    assertThat(FieldFolding.field("Subject", "Hello  there")).isEqualTo("Subject: Hello  there");
  }

  @Test
  void aLongFieldIsFoldedBeforeWhiteSpaceWithinTheLineLimit() {
    String value = ID + " " + ID + " " + ID + " " + ID;
    String folded = FieldFolding.field("References", value);
    String[] lines = folded.split("\r\n", -1);
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).isEqualTo("References: " + ID);
    for (int i = 1; i < lines.length; i++) {
      assertThat(lines[i]).isEqualTo(" " + ID);
    }
    assertThat(MimeUtil.unfold(folded)).isEqualTo("References: " + value);
  }

  @Test
  void anAlreadyFoldedValueIsFoldedOnceNotTwice() {
    String once = FieldFolding.field("References", ID + " " + ID + " " + ID);
    String value = once.substring("References: ".length());
    String twice = FieldFolding.field("References", value);
    assertThat(twice).isEqualTo(once).doesNotContain("\r\n\r\n").doesNotContain("\r\n \r\n");
  }

  @Test
  void theFirstTokenStaysBesideTheNameHoweverLong() {
    String longId = "<" + "a".repeat(120) + "@example.org>";
    assertThat(FieldFolding.field("Message-ID", longId)).isEqualTo("Message-ID: " + longId);
  }

  @Test
  void anEmptyValueIsAnEmptyField() {
    assertThat(FieldFolding.field("X-Empty", "")).isEqualTo("X-Empty:");
    assertThat(FieldFolding.field("X-Empty", null)).isEqualTo("X-Empty:");
  }
}
