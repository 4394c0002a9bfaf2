package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ADDRESSES;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.group;
import static org.parley.delivery.decorations.TestCopies.header;
import static org.parley.delivery.decorations.TestCopies.message;

import org.junit.jupiter.api.Test;
import org.parley.mime.EditableMessage;

class ReplyToTest {
  private static String[] post() {
    return new String[] {
      "From: a@example.com", "Reply-To: A Elsewhere <a@elsewhere.example>", "", "b"
    };
  }

  @Test
  void underTheGroupPolicyRepliesGoToTheGroupInPlaceOfTheAuthorsReplyTo() throws Exception {
    EditableMessage copy = message(post());
    new ReplyTo(ADDRESSES).apply(group("group", "", ""), ORIGIN, copy);
    assertThat(header(copy))
        .isEqualTo("From: a@example.com\r\nReply-To: <news@lists.example.org>\r\n");
  }

  @Test
  void underBothRepliesGoToTheAuthorsOwnReplyToAndTheGroup() throws Exception {
    EditableMessage copy = message(post());
    new ReplyTo(ADDRESSES).apply(group("both", "", ""), ORIGIN, copy);
    assertThat(header(copy))
        .isEqualTo(
            "From: a@example.com\r\nReply-To: A Elsewhere <a@elsewhere.example>,"
                + " <news@lists.example.org>\r\n");
    // no Reply-To of the author's own: their address as the archive read it
    EditableMessage plain = message("From: a@example.com", "", "b");
    new ReplyTo(ADDRESSES).apply(group("both", "", ""), ORIGIN, plain);
    assertThat(header(plain))
        .isEqualTo(
            "From: a@example.com\r\nReply-To: <"
                + ORIGIN.fromAddress()
                + ">, <news@lists.example.org>\r\n");
  }

  @Test
  void underTheAuthorPolicyTheAuthorsFieldsStand() throws Exception {
    EditableMessage copy = message(post());
    new ReplyTo(ADDRESSES).apply(group("author", "", ""), ORIGIN, copy);
    assertThat(header(copy))
        .isEqualTo("From: a@example.com\r\nReply-To: A Elsewhere <a@elsewhere.example>\r\n");
  }
}
