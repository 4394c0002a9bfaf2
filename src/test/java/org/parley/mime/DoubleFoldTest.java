package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoubleFoldTest {
  private static final String HEAD =
      "MIME-Version: 1.0\r\nMessage-ID: <r3@x.org>\r\nFrom: Ada <ada@x.org>\r\nSubject: Re: Hi\r\n"
          + "In-Reply-To: <r2@x.org>\r\n";

  private static Optional<String> undo(String raw) {
    return DoubleFold.undo(raw.getBytes(StandardCharsets.ISO_8859_1))
        .map(b -> new String(b, StandardCharsets.ISO_8859_1));
  }

  @Test
  void removesTheEmptyLineADoubleFoldPutIntoReferences() {
    String broken =
        HEAD
            + "References: <root-aaaaaaaaaaaaaaaaaaaa@x.org> <r1-bbbbbbbbbbbbbbbbbbbbbbb@x.org>\r\n"
            + "\r\n <r2-cccccccccccccccccccccccccccccc@x.org> <r3@x.org>\r\n"
            + "\r\n <r4@x.org>\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n";
    String meant =
        HEAD
            + "References: <root-aaaaaaaaaaaaaaaaaaaa@x.org> <r1-bbbbbbbbbbbbbbbbbbbbbbb@x.org>\r\n"
            + " <r2-cccccccccccccccccccccccccccccc@x.org> <r3@x.org>\r\n"
            + " <r4@x.org>\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n";

    assertThat(undo(broken)).contains(meant);
    assertThat(undo(meant)).isEmpty();
  }

  @Test
  void leavesABodyThatStartsWithSpacesAlone() {
    String raw = HEAD + "References: <r1@x.org>\r\n\r\n <not-a-field>\r\nbody line\r\n";
    assertThat(undo(raw)).isEmpty();
    String text = HEAD + "References: <r1@x.org>\r\n\r\n   indented text\r\n";
    assertThat(undo(text)).isEmpty();
  }

  @Test
  void leavesAHeaderThatDoesNotEndInReferencesAlone() {
    String raw = HEAD + "\r\n <r4@x.org>\r\nContent-Type: text/plain\r\n\r\nx\r\n";
    assertThat(undo(raw)).isEmpty();
  }
}
