package org.parley.delivery.decorations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.parley.archive.MessageId;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.ListAddresses;
import org.parley.group.Posting;
import org.parley.group.Visibility;
import org.parley.mime.EditableMessage;

/** What the focused tests of the decorations share: a group, an origin, messages from text. */
final class TestCopies {
  static final ListAddresses ADDRESSES = new ListAddresses("lists.example.org");
  static final String BASE_URL = "https://lists.example.org";
  static final Origin ORIGIN =
      new Origin(
          "ada@example.com",
          "Ada Lovelace",
          Instant.parse("2026-11-29T08:27:12Z"),
          MessageId.of("<generated-1@parley.generated>"));

  private TestCopies() {}

  static Group group(String replyTo, String prefix, String footer) {
    return group("News & Views", replyTo, prefix, footer);
  }

  static Group group(String title, String replyTo, String prefix, String footer) {
    return new Group(
        1,
        new GroupName("news"),
        title,
        "",
        Visibility.PUBLIC,
        Posting.MEMBERS,
        Joining.OPEN,
        prefix,
        org.parley.group.ReplyTo.of(replyTo),
        footer,
        false,
        1 << 20,
        Instant.EPOCH);
  }

  static Group group() {
    return group("group", "[news]", "");
  }

  /** A message from lines joined with CRLF; an empty line ends the header section. */
  static EditableMessage message(String... lines) throws IOException {
    return EditableMessage.read(
        (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  static String header(EditableMessage copy) {
    return new String(copy.header(), StandardCharsets.ISO_8859_1);
  }

  static String body(EditableMessage copy) {
    return new String(copy.body(), StandardCharsets.ISO_8859_1);
  }
}
