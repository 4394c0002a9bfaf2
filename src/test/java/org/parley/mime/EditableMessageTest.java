package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The MIME surgery delivery's decorations ask for: fields edited while the rest of the message
 * stays as received, and text appended to the parts that can take it.
 */
class EditableMessageTest {
  private static final Appendix APPENDIX = new Appendix("-- \nthe end\n", "<p>the end</p>");
  private static final Boundaries FIXED = () -> "=_fixed";

  private static EditableMessage read(String... lines) throws IOException {
    return EditableMessage.read(
        (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String header(EditableMessage m) {
    return new String(m.header(), StandardCharsets.ISO_8859_1);
  }

  private static String body(EditableMessage m) {
    return new String(m.body(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void fieldsNotEditedStayAsReceivedAndNewOnesFollowInOrder() throws Exception {
    EditableMessage m =
        read(
            "From: ada@example.com",
            "X-Folded: one",
            "\ttwo",
            "x-old: gone",
            "X-Old: gone too",
            "",
            "body");
    m.remove("X-OLD");
    m.add("X-New", "<a@example.com>");
    m.addMailbox("X-Who", "Zoë Example", "zoe@example.com");
    m.addText("X-Text", "Grüße");
    assertThat(m.has("x-folded")).isTrue();
    assertThat(m.has("X-Old")).isFalse();
    assertThat(header(m))
        .isEqualTo(
            "From: ada@example.com\r\nX-Folded: one\r\n\ttwo\r\n"
                + "X-New: <a@example.com>\r\n"
                + "X-Who: =?ISO-8859-1?Q?Zo=EB_Example?= <zoe@example.com>\r\n"
                + "X-Text: =?ISO-8859-1?B?R3L832U=?=\r\n");
    assertThat(body(m)).isEqualTo("body\r\n");
  }

  @Test
  void theHeaderSectionEndsWhereTheArchiveEndsIt() throws Exception {
    EditableMessage m =
        EditableMessage.read(
            ("From ada@example.com Sat Nov 28 10:00:00 2026\r\nFrom: ada@example.com\r\n"
                    + "not a field\r\nFrom: ceo@bank.test\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    assertThat(header(m)).isEqualTo("From: ada@example.com\r\n");
    assertThat(body(m)).startsWith("not a field\r\nFrom: ceo@bank.test\r\n");
  }

  @Test
  void textIsDecodedAndAPrefixKeepsTheValueAsReceived() throws Exception {
    EditableMessage m = read("Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=", " again", "", "b");
    assertThat(m.text("subject")).contains("Grüße again");
    assertThat(m.text("X-None")).isEmpty();
    m.prefixText("Subject", "[ü]");
    assertThat(header(m))
        .isEqualTo("Subject: =?ISO-8859-1?B?W/xd?= =?utf-8?q?Gr=C3=BC=C3=9Fe?= again\r\n");
    m.prefixText("X-None", "[x]");
    assertThat(header(m)).doesNotContain("X-None");
  }

  @Test
  void eightBitHeaderBytesPassThroughUnchanged() throws Exception {
    byte[] raw = "Subject: Grüße\r\nX-Name: Zoë\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8);
    EditableMessage m = EditableMessage.read(raw);
    m.prefixText("Subject", "[news]");
    assertThat(m.header())
        .isEqualTo("Subject: [news] Grüße\r\nX-Name: Zoë\r\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anAttachmentAlternativeIsLeftAndTheTextAlternativeTakesTheAppendix() throws Exception {
    EditableMessage m =
        read(
            "Content-Type: multipart/alternative; boundary=\"b\"",
            "",
            "--b",
            "Content-Type: text/plain",
            "",
            "plain",
            "--b",
            "Content-Type: text/html",
            "Content-Disposition: attachment",
            "",
            "<p>kept</p>",
            "--b--");
    m.append(APPENDIX, FIXED);
    assertThat(header(m)).isEqualTo("Content-Type: multipart/alternative; boundary=\"b\"\r\n");
    assertThat(body(m))
        .contains("Content-Type: text/plain; charset=utf-8\r\n")
        .contains("plain\r\n--=20\r\nthe end\r\n")
        .contains("Content-Disposition: attachment\r\n\r\n<p>kept</p>")
        .doesNotContain("<p>the end</p>");
  }

  @Test
  void anEncryptedMessageIsWrappedWithItsContentFieldsAndBodyUnchanged() throws Exception {
    EditableMessage m =
        read(
            "From: ada@example.com",
            "MIME-Version: 1.0",
            "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";",
            " boundary=\"enc\"",
            "Content-Description: OpenPGP encrypted message",
            "",
            "--enc",
            "Content-Type: application/pgp-encrypted",
            "",
            "Version: 1",
            "--enc--");
    m.append(APPENDIX, FIXED);
    assertThat(header(m))
        .isEqualTo(
            "From: ada@example.com\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"=_fixed\"\r\n");
    assertThat(body(m))
        .isEqualTo(
            "--=_fixed\r\n"
                + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n"
                + " boundary=\"enc\"\r\n"
                + "Content-Description: OpenPGP encrypted message\r\n\r\n"
                + "--enc\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--enc--\r\n"
                + "\r\n--=_fixed\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n"
                + "Content-Disposition: inline\r\n\r\n"
                + "--=20\r\nthe end\r\n"
                + "\r\n--=_fixed--\r\n");
  }

  @Test
  void aBoundaryFoundInTheBodyIsRefusedForTheNext() throws Exception {
    EditableMessage m = read("Content-Type: application/octet-stream", "", "--=_one is here");
    String[] candidates = {"=_one", "=_two"};
    int[] next = {0};
    m.append(APPENDIX, () -> candidates[next[0]++]);
    assertThat(header(m)).contains("boundary=\"=_two\"");
  }

  @Test
  void aMessageWithoutContentFieldsGetsMimeVersionWithItsNewOnes() throws Exception {
    EditableMessage m = read("Subject: hi", "", "plain text");
    m.append(APPENDIX, FIXED);
    assertThat(header(m))
        .isEqualTo(
            "Subject: hi\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n");
    assertThat(body(m)).isEqualTo("plain text\r\n--=20\r\nthe end\r\n");
  }
}
