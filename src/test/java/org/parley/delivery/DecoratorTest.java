package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.parley.archive.MessageId;
import org.parley.delivery.decorations.Origin;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;

/**
 * Golden inputs in {@code src/test/resources/delivery/*.eml}, decorated and read back with Jakarta
 * Mail (a different parser than the one that wrote them).
 */
class DecoratorTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final String FOOTER = "News & Views — the list\nhttps://lists.example.org/g/news/";

  /** What the archive recorded; only fields a message lacks are taken from it. */
  private static final Origin ORIGIN =
      new Origin(
          "ada@example.com",
          "Ada Lovelace",
          Instant.parse("2026-11-29T08:27:12Z"),
          MessageId.of("<generated-1@parley.generated>"));

  private final Decorator decorator =
      new Decorator("lists.example.org", "https://lists.example.org/");

  private static Group group(String replyTo, String prefix, String footer) {
    return new Group(
        1,
        new GroupName("news"),
        "News & Views",
        "",
        Visibility.PUBLIC,
        Posting.MEMBERS,
        Joining.OPEN,
        prefix,
        ReplyTo.of(replyTo),
        footer,
        false,
        1 << 20,
        Instant.EPOCH);
  }

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = DecoratorTest.class.getResourceAsStream("/delivery/" + name)) {
      return in.readAllBytes();
    }
  }

  private byte[] decorate(Group g, String name) throws Exception {
    return decorator.decorate(g, golden(name), ORIGIN).copyFor(TOKEN);
  }

  private static MimeMessage read(byte[] copy) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(copy));
  }

  private static String header(MimeMessage m, String name) throws Exception {
    String[] values = m.getHeader(name);
    assertThat(values).as(name).isNotNull().hasSize(1);
    return MimeUtility.unfold(values[0]);
  }

  @Test
  void plainTextGetsListHeadersPrefixAndFooterAndKeepsItsIdentity() throws Exception {
    MimeMessage m = read(decorate(group("group", "[news]", FOOTER), "plain.eml"));

    assertThat(header(m, "List-Id")).isEqualTo("News & Views <news.lists.example.org>");
    assertThat(header(m, "List-Post")).isEqualTo("<mailto:news@lists.example.org>");
    assertThat(header(m, "List-Archive")).isEqualTo("<https://lists.example.org/g/news/>");
    assertThat(header(m, "List-Help")).isEqualTo("<https://lists.example.org/g/news/>");
    assertThat(header(m, "List-Subscribe")).isEqualTo("<https://lists.example.org/g/news/>");
    assertThat(header(m, "List-Unsubscribe"))
        .isEqualTo(
            "<https://lists.example.org/u/"
                + TOKEN
                + ">, <mailto:news-leave+"
                + TOKEN
                + "@lists.example.org>");
    assertThat(header(m, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
    assertThat(header(m, "List-Owner")).isEqualTo("<mailto:news-owner@lists.example.org>");
    assertThat(header(m, "Precedence")).isEqualTo("list");
    assertThat(header(m, "Reply-To")).isEqualTo("<news@lists.example.org>");
    assertThat(m.getHeader("DKIM-Signature")).isNull();
    assertThat(m.getHeader("Return-Path")).isNull();
    assertThat(header(m, "Received")).startsWith("from mx.example.com");

    assertThat(m.getSubject()).isEqualTo("[news] Hello world");
    assertThat(m.getMessageID()).isEqualTo("<plain-1@example.com>");
    assertThat(header(m, "From")).isEqualTo("Alice <alice@example.com>");
    assertThat(header(m, "Date")).isEqualTo("Mon, 1 Jan 2024 10:00:00 +0000");

    assertThat(m.getContentType()).contains("text/plain").contains("utf-8").contains("flowed");
    String text = (String) m.getContent();
    assertThat(text).contains("Hi all,\r\n\r\nGrüße from the plain text body.\r\n\r\n-- \r\nAlice");
    assertThat(text).endsWith("News & Views — the list\r\nhttps://lists.example.org/g/news/\r\n");
  }

  @Test
  void authorPolicyKeepsTheAuthorsReplyTo() throws Exception {
    MimeMessage m = read(decorate(group("author", "[news]", FOOTER), "plain.eml"));
    assertThat(header(m, "Reply-To")).isEqualTo("Alice Elsewhere <alice@elsewhere.example>");
  }

  @Test
  void prefixIsNotAddedTwice() throws Exception {
    MimeMessage m = read(decorate(group("group", "[news]", FOOTER), "reply-prefixed.eml"));
    assertThat(m.getSubject()).isEqualTo("Re: [news] hi");
    assertThat(header(m, "In-Reply-To")).isEqualTo("<plain-1@example.com>");
    assertThat(header(m, "References")).isEqualTo("<plain-1@example.com>");
    assertThat((String) m.getContent()).contains("A reply that already carries the prefix.");
  }

  @Test
  void latin1QuotedPrintableIsDecodedAndReencodedAsUtf8() throws Exception {
    byte[] copy = decorate(group("group", "[news]", FOOTER), "latin1-qp.eml");
    MimeMessage m = read(copy);
    // The encoded words of the original subject are kept; the prefix goes in front.
    assertThat(header(m, "Subject")).isEqualTo("[news] =?iso-8859-1?q?Caf=E9_cr=E8me?=");
    assertThat(m.getSubject()).isEqualTo("[news] Café crème");
    assertThat(m.getContentType()).contains("utf-8");
    assertThat(header(m, "Content-Transfer-Encoding")).isEqualTo("quoted-printable");
    String text = (String) m.getContent();
    assertThat(text)
        .contains(
            "Un café crème, s'il vous plaît, à la terrasse de l'hôtel avec une très longue ligne.")
        .contains("News & Views — the list");
  }

  @Test
  void bothAlternativesGetTheFooter() throws Exception {
    MimeMessage m = read(decorate(group("group", "[news]", FOOTER), "alternative.eml"));
    assertThat(m.getContentType()).contains("multipart/alternative");
    Multipart mp = (Multipart) m.getContent();
    assertThat(mp.getCount()).isEqualTo(2);
    String plain = (String) mp.getBodyPart(0).getContent();
    String html = (String) mp.getBodyPart(1).getContent();
    assertThat(plain).startsWith("The plain alternative.").contains("News & Views — the list");
    assertThat(html)
        .contains("<p>The <b>HTML</b> alternative – ünïcödé.</p>")
        .contains("<div class=\"parley-footer\"><hr>News &amp; Views — the list<br>")
        .containsSubsequence("parley-footer", "</body></html>");
    assertThat(m.getSubject()).isEqualTo("[news] Rich text");
  }

  @Test
  void signedMessageIsWrappedWithItsBodyUnchangedByteForByte() throws Exception {
    byte[] raw = golden("signed.eml");
    String original = new String(raw, StandardCharsets.ISO_8859_1);
    String signedBody = original.substring(original.indexOf("\r\n\r\n") + 4);
    byte[] copy = decorate(group("group", "[news]", FOOTER), "signed.eml");

    assertThat(new String(copy, StandardCharsets.ISO_8859_1)).contains(signedBody);
    MimeMessage m = read(copy);
    assertThat(m.getContentType()).startsWith("multipart/mixed");
    Multipart mixed = (Multipart) m.getContent();
    assertThat(mixed.getCount()).isEqualTo(2);
    Part signed = mixed.getBodyPart(0);
    assertThat(signed.getContentType())
        .contains("multipart/signed")
        .contains("application/pgp-signature");
    Multipart inner = (Multipart) signed.getContent();
    assertThat(inner.getCount()).isEqualTo(2);
    try (InputStream in = inner.getBodyPart(0).getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("not one byte of it may change. \r\nTrailing space");
    }
    assertThat((String) mixed.getBodyPart(1).getContent()).contains("News & Views — the list");
  }

  @Test
  void withoutFooterTheBodyIsTheOriginalBytes() throws Exception {
    byte[] raw = golden("latin1-qp.eml");
    String original = new String(raw, StandardCharsets.ISO_8859_1);
    String body = original.substring(original.indexOf("\r\n\r\n"));
    String copy =
        new String(
            decorator.decorate(group("group", "[news]", ""), raw, ORIGIN).copyFor(TOKEN),
            StandardCharsets.ISO_8859_1);
    assertThat(copy).endsWith(body).contains("Content-Type: text/plain; charset=iso-8859-1\r\n");
  }

  @Test
  void nonAsciiPrefixIsEncodedAndEmptyPrefixLeavesTheSubject() throws Exception {
    MimeMessage m = read(decorate(group("group", "[café]", FOOTER), "plain.eml"));
    assertThat(header(m, "Subject")).startsWith("=?").endsWith(" Hello world");
    assertThat(m.getSubject()).isEqualTo("[café] Hello world");
    MimeMessage none = read(decorate(group("group", "", FOOTER), "plain.eml"));
    assertThat(none.getSubject()).isEqualTo("Hello world");
  }

  @Test
  void copiesDifferOnlyInTheUnsubscribeHeader() throws Exception {
    CopyTemplate t =
        decorator.decorate(group("group", "[news]", FOOTER), golden("plain.eml"), ORIGIN);
    String a = new String(t.copyFor("aaaa"), StandardCharsets.ISO_8859_1);
    String b = new String(t.copyFor("bbbb"), StandardCharsets.ISO_8859_1);
    assertThat(a.replace("aaaa", "bbbb")).isEqualTo(b);
  }

  @Test
  void aCopyEndsItsHeaderSectionWhereTheArchiveDid() throws Exception {
    // a line that is no header field, then a second From: the archive and the rules read the
    // header section as ending at that line, so members must not be shown the From after it
    byte[] raw =
        ("From: ada@example.com\r\nSubject: Minutes\r\nnot a header line\r\n"
                + "From: ceo@bank.test\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    ParsedMessage archived = new MessageParser(Limits.defaults()).parse(raw);
    assertThat(archived.from().address()).isEqualTo("ada@example.com");

    MimeMessage m =
        read(decorator.decorate(group("group", "[news]", ""), raw, ORIGIN).copyFor(TOKEN));
    assertThat(header(m, "From")).isEqualTo("ada@example.com");
    assertThat(m.getSubject()).isEqualTo("[news] Minutes");
  }

  /**
   * A part whose header section runs straight into its own multipart body (no blank line) is a
   * structure mime4j cannot read in full; the archive takes such a message, so its copies must
   * still go out: wrapped whole with the footer beside it, its bytes unchanged.
   */
  @Test
  void aMessageWhosePartsCannotBeReadInFullIsWrappedWithItsFooter() throws Exception {
    byte[] raw =
        ("From: ada@example.com\r\nSubject: Pictures\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"outer\"\r\n\r\n"
                + "--outer\r\n"
                + "Content-Type: multipart/related; boundary=\"inner\"\r\n"
                + "--inner\r\nContent-Type: text/html\r\n\r\n<p>hello</p>\r\n--inner--\r\n"
                + "--outer\r\nContent-Type: text/plain\r\n\r\nhello\r\n--outer--\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    ParsedMessage archived = new MessageParser(Limits.defaults()).parse(raw);
    assertThat(archived.from().address()).isEqualTo("ada@example.com");
    // the archive keeps the bytes, and says it could read them only in part
    assertThat(archived.defects()).anyMatch(d -> d.contains("could only be read in part"));

    byte[] copy = decorator.decorate(group("group", "[news]", FOOTER), raw, ORIGIN).copyFor(TOKEN);
    MimeMessage m = read(copy);
    assertThat(m.getSubject()).isEqualTo("[news] Pictures");
    assertThat(new String(copy, StandardCharsets.US_ASCII))
        .contains(new String(raw, StandardCharsets.US_ASCII).substring(raw.length - 120))
        .contains("News & Views");
  }

  @Test
  void fromDateAndMessageIdAMessageLacksComeFromWhatTheArchiveRecorded() throws Exception {
    byte[] raw = "Subject: No sender\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    MimeMessage m =
        read(decorator.decorate(group("group", "[news]", ""), raw, ORIGIN).copyFor(TOKEN));
    assertThat(header(m, "From")).isEqualTo("Ada Lovelace <ada@example.com>");
    assertThat(header(m, "Date")).isEqualTo("Sun, 29 Nov 2026 08:27:12 +0000");
    assertThat(header(m, "Message-ID")).isEqualTo("<generated-1@parley.generated>");
    // a message that has them keeps its own, once
    MimeMessage own = read(decorate(group("group", "[news]", FOOTER), "plain.eml"));
    assertThat(own.getHeader("Message-ID"))
        .hasSize(1)
        .doesNotContain("<generated-1@parley.generated>");
    assertThat(own.getHeader("Date")).hasSize(1);
  }

  @Test
  void anMboxFromLineAtTheStartIsNotPartOfTheCopy() throws Exception {
    byte[] raw =
        ("From ada@example.com Sat Nov 28 10:00:00 2026\r\nFrom: ada@example.com\r\n"
                + "Subject: Hi\r\nMessage-ID: <m1@example.com>\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] copy = decorator.decorate(group("group", "[news]", ""), raw, ORIGIN).copyFor(TOKEN);
    assertThat(new String(copy, StandardCharsets.US_ASCII))
        .doesNotContain("From ada@example.com Sat");
    MimeMessage m = read(copy);
    assertThat(m.getSubject()).isEqualTo("[news] Hi");
    assertThat(header(m, "Message-ID")).isEqualTo("<m1@example.com>");
  }

  /**
   * Issue 16, item 15: what a copy adds to its post stays well within {@code
   * Settings.COPY_HEADROOM} (64 KB), which the door keeps free under the relay's limit. Measured
   * here: the list's fields with a member's token (32 hex digits), a subject prefix, and a two-line
   * footer on a plain, an alternative and a wrapped (signed) post.
   */
  @Test
  void aCopyIsAtMostAFewKilobytesLargerThanItsPost() throws Exception {
    Group g = group("group", "[news]", FOOTER);
    String token = "a".repeat(32);
    for (String name : new String[] {"plain.eml", "alternative.eml", "signed.eml"}) {
      byte[] raw = golden(name);
      int added = decorator.decorate(g, raw, ORIGIN).copyFor(token).length - raw.length;
      assertThat(added).as(name).isBetween(1, 2_000);
    }
  }
}
