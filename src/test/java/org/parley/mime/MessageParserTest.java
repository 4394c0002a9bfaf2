package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageParserTest {

  private final MessageParser parser = new MessageParser(Limits.defaults());

  private ParsedMessage parse(String message) throws MalformedMessageException {
    return parser.parse(message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesEncodedWordsInSubjectAndNames() throws Exception {
    ParsedMessage m =
        parse(
            """
            From: =?ISO-8859-1?Q?Andr=E9?= Pirard <pirard@example.org>
            To: "=?UTF-8?B?SsO8cmdlbg==?=" <j@example.org>, plain@example.org
            Subject: =?iso-8859-1?q?Caf=E9_cr=E8me?= and =?UTF-8?B?w7xiZXI=?=
             =?UTF-8?B?IGFsbGVz?=
            Message-ID: <a@example.org>

            body
            """);

    assertThat(m.subject()).isEqualTo("Café crème and über alles");
    assertThat(m.from()).isEqualTo(new Mailbox("André Pirard", "pirard@example.org"));
    assertThat(m.to())
        .containsExactly(
            new Mailbox("Jürgen", "j@example.org"), new Mailbox("", "plain@example.org"));
    assertThat(m.header("subject")).contains("Café crème and über alles");
  }

  @Test
  void joinsACharacterSplitAcrossAdjacentEncodedWords() throws Exception {
    // "é" is C3 A9 in UTF-8; each word carries one of its bytes
    ParsedMessage m = parse("Subject: =?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?=\n\nx\n");

    assertThat(m.subject()).isEqualTo("café");
  }

  @Test
  void leavesAMalformedEncodedWordAsItIs() throws Exception {
    ParsedMessage m = parse("Subject: =?utf-8?Q?unterminated and =?x?Z?bad?=\n\nx\n");

    assertThat(m.subject()).isEqualTo("=?utf-8?Q?unterminated and =?x?Z?bad?=");
  }

  @Test
  void decodesAnRfc2231FileNameWithContinuations() throws Exception {
    ParsedMessage m =
        parse(
            """
            Subject: report
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain

            See attached.
            --b1
            Content-Type: application/pdf
            Content-Disposition: attachment;
             filename*0*=utf-8''Bericht%20%C3%BC;
             filename*1="ber ../../etc.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0=
            --b1--
            """);

    assertThat(m.text()).isEqualTo("See attached.");
    assertThat(m.attachments()).hasSize(1);
    Attachment pdf = m.attachments().getFirst();
    assertThat(pdf.filename()).isEqualTo("etc.pdf");
    assertThat(pdf.contentType()).isEqualTo("application/pdf");
    assertThat(new String(pdf.data(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(pdf.inline()).isFalse();
  }

  @Test
  void keepsTheFullRfc2231NameWhenItHasNoPath() throws Exception {
    ParsedMessage m =
        parse(
            """
            Content-Type: multipart/mixed; boundary=b1

            --b1
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename*=iso-8859-1'fr'r%E9sum%E9.txt

            data
            --b1--
            """);

    assertThat(m.attachments()).extracting(Attachment::filename).containsExactly("résumé.txt");
  }

  @Test
  void aNameThatHidesItsExtensionBehindARightToLeftOverrideShowsItsTrueOne() throws Exception {
    ParsedMessage m =
        parse(
            """
            Content-Type: multipart/mixed; boundary=b1

            --b1
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp%E2%80%8B.exe

            data
            --b1--
            """);

    assertThat(m.attachments()).extracting(Attachment::filename).containsExactly("invoicefdp.exe");
  }

  @Test
  void aMultipartWhoseHeaderSectionLacksItsBlankLineKeepsItsText() throws Exception {
    // as broken mailers send it: the preamble follows the last field directly
    ParsedMessage m =
        parse(
            """
            From: ada@example.com
            Subject: No blank line
            Content-Type: multipart/alternative; boundary="b1"
            This is a multi-part message in MIME format.
            --b1
            Content-Type: text/plain; charset=utf-8

            The text survives.
            --b1--
            """);

    assertThat(m.subject()).isEqualTo("No blank line");
    assertThat(m.text()).contains("The text survives.");
    assertThat(m.defects()).anyMatch(d -> d.contains("without a blank line"));
  }

  @Test
  void takesTextAndHtmlFromMultipartAlternative() throws Exception {
    ParsedMessage m =
        parse(
            """
            Subject: both
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Hello =E2=82=AC world
            --alt
            Content-Type: text/html; charset=utf-8

            <p onclick="x()">Hello <b>world</b></p><script>alert(1)</script>
            --alt--
            """);

    assertThat(m.text()).isEqualTo("Hello € world");
    // the HTML is kept as it came; what shows it sanitises it
    assertThat(m.html()).contains("<script>alert(1)</script>");
    assertThat(new HtmlSanitizer().sanitize(m.html())).isEqualTo("<p>Hello <b>world</b></p>");
    assertThat(m.attachments()).isEmpty();
  }

  @Test
  void derivesTextFromAnHtmlOnlyMessage() throws Exception {
    ParsedMessage m =
        parse(
            """
            Subject: html only
            Content-Type: text/html; charset=us-ascii

            <html><head><style>p{}</style></head><body><h1>Title</h1><p>First line<br>second line</p>
            <ul><li>one</li><li>two</li></ul></body></html>
            """);

    assertThat(m.text()).isEqualTo("Title\n\nFirst line\nsecond line\n\n- one\n- two");
    assertThat(m.html()).contains("<h1>Title</h1>");
    assertThat(new HtmlSanitizer().sanitize(m.html()))
        .contains("<h1>Title</h1>")
        .doesNotContain("<style");
  }

  @Test
  void givesAnInlineCidImageAsAnAttachmentAndKeepsItsReference() throws Exception {
    ParsedMessage m =
        parse(
            """
            Subject: picture
            Content-Type: multipart/related; boundary="rel"; type="text/html"

            --rel
            Content-Type: text/html; charset=utf-8

            <p>Look: <img src="cid:photo1@example.org" alt="a photo"></p>
            --rel
            Content-Type: image/png
            Content-ID: <photo1@example.org>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --rel--
            """);

    assertThat(m.html()).contains("src=\"cid:photo1@example.org\"");
    assertThat(m.text()).isEqualTo("Look:");
    Attachment image = m.attachments().getFirst();
    assertThat(image.contentId()).isEqualTo("photo1@example.org");
    assertThat(image.inline()).isTrue();
    assertThat(image.filename()).isEqualTo("attachment-1.png");
    assertThat(image.size()).isEqualTo(8);
  }

  @Test
  void givesAnAttachedMessageAsAnEmlFile() throws Exception {
    ParsedMessage m =
        parse(
            """
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            Forwarding.
            --b
            Content-Type: message/rfc822

            Subject: inner
            Message-ID: <inner@example.org>

            inner body
            --b--
            """);

    assertThat(m.text()).isEqualTo("Forwarding.");
    assertThat(m.attachments()).hasSize(1);
    Attachment eml = m.attachments().getFirst();
    assertThat(eml.filename()).isEqualTo("attachment-1.eml");
    assertThat(eml.contentType()).isEqualTo("message/rfc822");
    assertThat(new String(eml.data(), StandardCharsets.UTF_8)).contains("Subject: inner");
  }

  @Test
  void generatesAStableMessageIdWhenMissing() throws Exception {
    String message = "From: a@example.org\nSubject: no id\n\nhello\n";

    ParsedMessage first = parse(message);
    ParsedMessage again = parse(message);
    ParsedMessage other = parse(message + "more\n");

    assertThat(first.messageIdGenerated()).isTrue();
    assertThat(first.messageId()).matches("[0-9a-f]{32}@parley\\.generated");
    assertThat(again.messageId()).isEqualTo(first.messageId());
    assertThat(other.messageId()).isNotEqualTo(first.messageId());
    assertThat(first.defects()).anyMatch(d -> d.contains("no Message-ID"));
  }

  @Test
  void normalisesTheMessageId() throws Exception {
    ParsedMessage m = parse("Message-ID: (comment)  < abc.123@Example.ORG >\n\nx\n");

    assertThat(m.messageId()).isEqualTo("abc.123@Example.ORG");
    assertThat(m.messageIdGenerated()).isFalse();
  }

  @Test
  void readsReferencesAndInReplyToThroughGarbage() throws Exception {
    ParsedMessage m =
        parse(
            """
            Message-ID: <c@example.org>
            In-Reply-To: Your message of "Mon, 1 Jan 2024" <b@example.org> (sent by a@x.org)
            References: <a@example.org> (first)  garbage <>
             <b@example.org>, bare@example.org <broken
            Subject: Re: thread

            x
            """);

    assertThat(m.inReplyTo()).isEqualTo("b@example.org");
    assertThat(m.references()).containsExactly("a@example.org", "b@example.org", "broken");
    assertThat(m.defects()).anyMatch(d -> d.contains("References"));
  }

  @Test
  void readsBareIdsWhenNoneIsBracketed() throws Exception {
    ParsedMessage m = parse("In-Reply-To: one@example.org\nReferences: x@y z@w\n\nx\n");

    assertThat(m.inReplyTo()).isEqualTo("one@example.org");
    assertThat(m.references()).containsExactly("x@y", "z@w");
  }

  @Test
  void fallsBackFromAnUnknownCharsetWithADefect() throws Exception {
    byte[] raw =
        ("Subject: =?x-klingon?Q?caf=C3=A9?=\r\n"
                + "Content-Type: text/plain; charset=x-klingon\r\n\r\n"
                + "caf\u00e9 au lait\r\n")
            .getBytes(StandardCharsets.UTF_8);

    ParsedMessage m = parser.parse(raw);

    assertThat(m.text()).isEqualTo("café au lait\n");
    assertThat(m.subject()).isEqualTo("café");
    assertThat(m.defects()).anyMatch(d -> d.contains("unknown charset \"x-klingon\""));
  }

  @Test
  void readsRawEightBitHeadersAsUtf8OrElseWindows1252() throws Exception {
    byte[] utf8 = "Subject: Grüße\r\n\r\nx".getBytes(StandardCharsets.UTF_8);
    byte[] latin = "Subject: Gr\u00fc\u00dfe\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(parser.parse(utf8).subject()).isEqualTo("Grüße");
    ParsedMessage m = parser.parse(latin);
    assertThat(m.subject()).isEqualTo("Grüße");
    assertThat(m.defects()).anyMatch(d -> d.contains("windows-1252"));
  }

  @Test
  void handlesLfOnlyAndMixedLineEndings() throws Exception {
    byte[] raw =
        ("Subject: mixed\nContent-Type: multipart/alternative; boundary=x\r\n\n--x\r\n"
                + "Content-Type: text/plain\n\nline one\r\nline two\n--x--\n")
            .getBytes(StandardCharsets.US_ASCII);

    ParsedMessage m = parser.parse(raw);

    assertThat(m.subject()).isEqualTo("mixed");
    assertThat(m.text()).isEqualTo("line one\nline two");
  }

  @Test
  void survivesAMissingBoundaryAndBase64Garbage() throws Exception {
    ParsedMessage noBoundary =
        parse("Content-Type: multipart/mixed\n\nThis has no boundary at all.\n");
    ParsedMessage garbage =
        parse(
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + "SGVsbG8g!!!d29y*bGQ=\n");

    assertThat(noBoundary.text()).contains("This has no boundary at all.");
    assertThat(garbage.text()).isEqualTo("Hello world");
  }

  @Test
  void readsDatesLeniently() throws Exception {
    assertThat(parse("Date: Tue, 1 Jul 2003 10:52:37 +0200\n\nx").date())
        .isEqualTo(Instant.parse("2003-07-01T08:52:37Z"));
    assertThat(parse("Date: 5 Jan 99 12:00 EST (Eastern)\n\nx").date())
        .isEqualTo(Instant.parse("1999-01-05T17:00:00Z"));
    ParsedMessage broken = parse("Date: sometime last week\n\nx");
    assertThat(broken.date()).isNull();
    assertThat(broken.defects()).anyMatch(d -> d.contains("Date header cannot be read"));
  }

  @Test
  void neverThrowsOnBrokenAddressHeaders() throws Exception {
    ParsedMessage m =
        parse(
            """
            From: "unclosed <a@example.org
            To: undisclosed-recipients:;
            Cc: team: ann@example.org, "Bob (B)" <bob@example.org>;, ((nested (comment))) c@example.org
            Reply-To: old@example.org (Old Style)

            x
            """);

    assertThat(m.from()).isNotNull();
    assertThat(m.to()).isEmpty();
    assertThat(m.cc())
        .containsExactly(
            new Mailbox("", "ann@example.org"),
            new Mailbox("Bob (B)", "bob@example.org"),
            new Mailbox("", "c@example.org"));
    assertThat(m.replyTo()).containsExactly(new Mailbox("Old Style", "old@example.org"));
    assertThat(m.replyTo().getFirst().display()).isEqualTo("Old Style");
  }

  @Test
  void refusesPartsNestedBeyondTheDepthLimit() {
    StringBuilder message = new StringBuilder("Subject: deep\r\n");
    for (int i = 0; i < 150; i++) {
      message.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n");
      message.append("--b").append(i).append("\r\n");
    }
    message.append("Content-Type: text/plain\r\n\r\ndeep down\r\n");
    for (int i = 149; i >= 0; i--) {
      message.append("--b").append(i).append("--\r\n");
    }
    byte[] raw = message.toString().getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> parser.parse(raw))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("the message nests MIME parts more than 100 deep");
  }

  @Test
  void refusesMorePartsThanTheLimitHowFlatSoeverTheyLie() throws Exception {
    StringBuilder many = new StringBuilder("Subject: wide\r\nMIME-Version: 1.0\r\n");
    many.append("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
    for (int i = 0; i < 20_000; i++) {
      many.append("--b\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n");
    }
    many.append("--b--\r\n");
    byte[] raw = many.toString().getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> parser.parse(raw))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("the message has more than 10000 MIME parts");

    // at the limit it is taken
    MessageParser five = new MessageParser(new Limits(100, 1000, 100_000, 1 << 20, 5));
    String fiveParts =
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n".repeat(5)
            + "--b--\r\n";
    assertThat(five.parse(fiveParts.getBytes(StandardCharsets.US_ASCII)).text()).contains("hello");
  }

  @Test
  void acceptsPartsNestedWithinTheDepthLimit() throws Exception {
    MessageParser shallow = new MessageParser(new Limits(3, 1000, 100_000, 1 << 20, 10_000));
    String message =
        """
        Content-Type: multipart/mixed; boundary=a

        --a
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        ok
        --b--
        --a--
        """;

    assertThat(shallow.parse(message.getBytes(StandardCharsets.US_ASCII)).text()).isEqualTo("ok");
  }

  @Test
  void refusesTooManyHeaderFields() {
    String message = "X-Filler: yes\r\n".repeat(1001) + "\r\nbody\r\n";

    assertThatThrownBy(() -> parser.parse(message.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("the message has more than 1000 header fields in one section");
  }

  @Test
  void refusesAHeaderFieldLongerThanTheLimit() {
    String longValue = "word ".repeat(20_001);
    String folded = longValue.replace("word word ", "word\r\n word ");
    String message = "Subject: " + folded + "\r\n\r\nbody\r\n";

    assertThatThrownBy(() -> parser.parse(message.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("the message has a header field (Subject) longer than 100000 characters");
  }

  @Test
  void refusesAMessageLargerThanTheLimit() {
    MessageParser small = new MessageParser(new Limits(100, 1000, 100_000, 1024, 10_000));

    assertThatThrownBy(() -> small.parse(new byte[2048]))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("the message is 2 KB, more than the limit of 1 KB");
  }

  @Test
  void keepsHeadersInOrderDecodedAndUnfolded() throws Exception {
    ParsedMessage m =
        parse(
            "Received: one\nX-Note: folded\n\tvalue\nReceived: two\nSubject: =?utf-8?Q?=C3=A9?=\n\nx");

    assertThat(m.headers())
        .containsExactly(
            new Header("Received", "one"),
            new Header("X-Note", "folded\tvalue"),
            new Header("Received", "two"),
            new Header("Subject", "é"));
    assertThat(m.headers("received")).containsExactly("one", "two");
    assertThat(m.header("x-missing")).isEmpty();
  }

  @Test
  void readsUtf7AndOtherJavaCharsets() throws Exception {
    ParsedMessage utf7 = parse("Content-Type: text/plain; charset=utf-7\n\nHi Mom -+Jjo--!");
    byte[] koi8 =
        ("Content-Type: text/plain; charset=koi8-r\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = "Привет".getBytes(java.nio.charset.Charset.forName("KOI8-R"));
    byte[] raw = new byte[koi8.length + body.length];
    System.arraycopy(koi8, 0, raw, 0, koi8.length);
    System.arraycopy(body, 0, raw, koi8.length, body.length);

    assertThat(utf7.text()).isEqualTo("Hi Mom -☺-!");
    assertThat(parser.parse(raw).text()).isEqualTo("Привет");
  }
}
