package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.group;
import static org.parley.delivery.decorations.TestCopies.header;
import static org.parley.delivery.decorations.TestCopies.message;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parley.archive.MessageId;
import org.parley.mime.EditableMessage;

class RequiredFieldsTest {
  @Test
  void whatAMessageLacksComesFromWhatTheArchiveRecorded() throws Exception {
    EditableMessage copy = message("Subject: No sender", "", "body");
    new RequiredFields().apply(group(), ORIGIN, copy);
    assertThat(header(copy))
        .isEqualTo(
            "Subject: No sender\r\n"
                + "From: Ada Lovelace <ada@example.com>\r\n"
                + "Date: Sun, 29 Nov 2026 08:27:12 +0000\r\n"
                + "Message-ID: <generated-1@parley.generated>\r\n");
  }

  @Test
  void aMessageKeepsItsOwnFieldsOnce() throws Exception {
    String own =
        "message-id: <own@example.com>\r\nFROM: bob@example.com\r\n"
            + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n";
    EditableMessage copy =
        message(
            "message-id: <own@example.com>",
            "FROM: bob@example.com",
            "Date: Mon, 1 Jan 2024 10:00:00 +0000",
            "",
            "body");
    new RequiredFields().apply(group(), ORIGIN, copy);
    assertThat(header(copy)).isEqualTo(own);
  }

  @Test
  void aNameBeyondAsciiIsEncodedAndNoAuthorMeansNoFrom() throws Exception {
    EditableMessage named = message("Subject: x", "", "body");
    new RequiredFields()
        .apply(
            group(),
            new Origin("zoe@example.com", "Zoë", Instant.EPOCH, MessageId.of("<m@example.com>")),
            named);
    assertThat(header(named)).contains("From: =?ISO-8859-1?B?Wm/r?= <zoe@example.com>\r\n");

    EditableMessage anonymous = message("Subject: x", "", "body");
    new RequiredFields()
        .apply(
            group(), new Origin("", "", Instant.EPOCH, MessageId.of("<m@example.com>")), anonymous);
    assertThat(header(anonymous)).doesNotContain("From:").contains("Message-ID: <m@example.com>");
  }
}
