package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.group;
import static org.parley.delivery.decorations.TestCopies.header;
import static org.parley.delivery.decorations.TestCopies.message;

import org.junit.jupiter.api.Test;
import org.parley.mime.EditableMessage;

class PrecedenceTest {
  @Test
  void aCopyIsMarkedListMailInPlaceOfThePostsOwnMarkers() throws Exception {
    EditableMessage copy =
        message(
            "Precedence: bulk", "From: a@example.com", "X-Loop: other@lists.example.net", "", "b");
    new Precedence().apply(group(), ORIGIN, copy);
    assertThat(header(copy)).isEqualTo("From: a@example.com\r\nPrecedence: list\r\n");
  }
}
