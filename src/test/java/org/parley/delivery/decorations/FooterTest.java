package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ADDRESSES;
import static org.parley.delivery.decorations.TestCopies.BASE_URL;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.body;
import static org.parley.delivery.decorations.TestCopies.group;
import static org.parley.delivery.decorations.TestCopies.header;
import static org.parley.delivery.decorations.TestCopies.message;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.parley.mime.EditableMessage;

class FooterTest {
  /** The body, quoted-printable decoded, as UTF-8. */
  private static String decoded(EditableMessage copy) throws Exception {
    try (InputStream in =
        MimeUtility.decode(new ByteArrayInputStream(copy.body()), "quoted-printable")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private final Footer footer = new Footer(ADDRESSES, () -> BASE_URL, () -> "=_fixed_1");

  @Test
  void placeholdersAreFilledInBelowARuleAndTheTextIsReencodedAsUtf8() throws Exception {
    EditableMessage copy =
        message(
            "From: a@example.com",
            "Content-Type: text/plain; charset=iso-8859-1; format=flowed",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Caf=E9");
    footer.apply(group("group", "", "{title}: {address}\n{archive}"), ORIGIN, copy);
    assertThat(header(copy))
        .isEqualTo(
            "From: a@example.com\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8; format=flowed\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n");
    assertThat(decoded(copy))
        .isEqualTo(
            "Café\r\n"
                + Footer.RULE
                + "\r\nNews & Views: news@lists.example.org\r\n"
                + "https://lists.example.org/g/news/\r\n");
  }

  @Test
  void htmlGetsTheFooterEscapedBeforeItsBodyEnds() throws Exception {
    EditableMessage copy =
        message(
            "MIME-Version: 1.0",
            "Content-Type: text/html; charset=utf-8",
            "",
            "<html><body><p>hi</p></body></html>");
    footer.apply(group("group", "", "<a> & b\nline two"), ORIGIN, copy);
    assertThat(decoded(copy))
        .isEqualTo(
            "<html><body><p>hi</p><div class=\"parley-footer\"><hr>&lt;a&gt; &amp; b<br>line two"
                + "</div>\r\n</body></html>\r\n");
  }

  @Test
  void withoutAFooterTheBodyAndItsFieldsAreAsReceived() throws Exception {
    EditableMessage copy =
        message("Content-Type: text/plain; charset=iso-8859-1", "", "Caf\u00e9 as 8bit");
    byte[] before = copy.body();
    footer.apply(group("group", "", "  \n "), ORIGIN, copy);
    assertThat(copy.body()).isEqualTo(before);
    assertThat(header(copy)).isEqualTo("Content-Type: text/plain; charset=iso-8859-1\r\n");
  }

  /** RFC 1847: the signed part must reach the member as it was signed, so it can be verified. */
  @Test
  void aSignedMessageIsWrappedWithItsBodyUnchangedByteForByte() throws Exception {
    byte[] raw;
    try (InputStream in = getClass().getResourceAsStream("/decorations/signed.in.eml")) {
      raw = in.readAllBytes();
    }
    String original = new String(raw, StandardCharsets.ISO_8859_1);
    String signedBody = original.substring(original.indexOf("\r\n\r\n") + 4);
    EditableMessage copy = EditableMessage.read(raw);
    footer.apply(group("group", "", "the footer"), ORIGIN, copy);

    assertThat(header(copy))
        .doesNotContain("multipart/signed")
        .endsWith("Content-Type: multipart/mixed; boundary=\"=_fixed_1\"\r\n");
    assertThat(body(copy))
        .startsWith(
            "--=_fixed_1\r\nContent-Type: multipart/signed; micalg=pgp-sha256;\r\n"
                + " protocol=\"application/pgp-signature\"; boundary=\"sig-boundary\"\r\n\r\n"
                + signedBody
                + "\r\n--=_fixed_1\r\n")
        .endsWith("the footer\r\n\r\n--=_fixed_1--\r\n");
  }

  @Test
  void aTextInACharsetNobodyKnowsIsWrappedRatherThanGuessed() throws Exception {
    EditableMessage copy =
        message("Content-Type: text/plain; charset=x-unknown-7", "", "\u00ff\u00fe bytes");
    footer.apply(group("group", "", "the footer"), ORIGIN, copy);
    assertThat(body(copy))
        .startsWith(
            "--=_fixed_1\r\nContent-Type: text/plain; charset=x-unknown-7\r\n\r\n"
                + new String(
                    "\u00ff\u00fe bytes".getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1));
  }
}
