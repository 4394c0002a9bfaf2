package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.group;
import static org.parley.delivery.decorations.TestCopies.header;
import static org.parley.delivery.decorations.TestCopies.message;

import org.junit.jupiter.api.Test;
import org.parley.mime.EditableMessage;

class CleanseDkimTest {
  @Test
  void everyDkimSignatureIsRemovedWithItsContinuationLines() throws Exception {
    EditableMessage copy =
        message(
            "DKIM-Signature: v=1; a=rsa-sha256; d=example.com;",
            " b=AAAA",
            "From: ada@example.com",
            "DKIM-Signature: v=1; d=relay.example",
            "ARC-Seal: i=1; cv=none",
            "",
            "body");
    new CleanseDkim().apply(group(), ORIGIN, copy);
    assertThat(header(copy)).isEqualTo("From: ada@example.com\r\nARC-Seal: i=1; cv=none\r\n");
  }
}
