package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.group;
import static org.parley.delivery.decorations.TestCopies.header;
import static org.parley.delivery.decorations.TestCopies.message;

import org.junit.jupiter.api.Test;
import org.parley.mime.EditableMessage;

class CleanseTest {
  @Test
  void theAuthorsReturnPathIsRemovedAndEverythingElseKept() throws Exception {
    EditableMessage copy =
        message(
            "Return-Path: <ada@example.com>",
            "From: ada@example.com",
            "return-path: <again@example.com>",
            "Subject: Hi",
            "",
            "body");
    new Cleanse().apply(group(), ORIGIN, copy);
    assertThat(header(copy)).isEqualTo("From: ada@example.com\r\nSubject: Hi\r\n");
  }
}
