package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageComposerTest {

  private final MessageComposer composer = new MessageComposer();
  private final MessageParser parser = new MessageParser(Limits.defaults());

  private Draft draft(String subject, String text, String html) {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("List-Id", "Harbour news <news.example.org>");
    extra.put("X-Parley-Note", "Grüße aus Köln");
    return new Draft(
        "20240601.1234@parley.example.org",
        Instant.parse("2024-06-01T10:15:30Z"),
        new Mailbox("Zoë Ångström", "zoe@example.org"),
        List.of(new Mailbox("Harbour news", "news@example.org")),
        List.of(new Mailbox("", "ann@example.org"), new Mailbox("Bob", "bob@example.org")),
        new Mailbox("", "news@example.org"),
        subject,
        "parent@example.org",
        List.of("root@example.org", "parent@example.org"),
        text,
        html,
        extra);
  }

  @Test
  void roundTripsEveryFieldOfAPlainMessage() throws Exception {
    Draft draft =
        draft("Re: Füße — naïve café ☕", "Hello,\nsee you at the harbour.\n-- \nZoë", null);

    ParsedMessage parsed = parser.parse(composer.compose(draft));

    assertThat(parsed.messageId()).isEqualTo("20240601.1234@parley.example.org");
    assertThat(parsed.messageIdGenerated()).isFalse();
    assertThat(parsed.date()).isEqualTo(draft.date());
    assertThat(parsed.from()).isEqualTo(draft.from());
    assertThat(parsed.to()).isEqualTo(draft.to());
    assertThat(parsed.cc()).isEqualTo(draft.cc());
    assertThat(parsed.replyTo()).containsExactly(draft.replyTo());
    assertThat(parsed.subject()).isEqualTo(draft.subject());
    assertThat(parsed.inReplyTo()).isEqualTo("parent@example.org");
    assertThat(parsed.references()).isEqualTo(draft.references());
    assertThat(parsed.text()).isEqualTo(draft.text());
    assertThat(parsed.html()).isNull();
    assertThat(parsed.header("List-Id")).contains("Harbour news <news.example.org>");
    assertThat(parsed.header("X-Parley-Note")).contains("Grüße aus Köln");
    assertThat(parsed.header("MIME-Version")).contains("1.0");
    assertThat(parsed.defects()).isEmpty();
  }

  @Test
  void writesHtmlAsTheSecondAlternative() throws Exception {
    Draft draft = draft("Bilder", "Siehe Bild.", "<p>Siehe <b>Bild</b> — schön.</p>");

    byte[] raw = composer.compose(draft);
    ParsedMessage parsed = parser.parse(raw);

    assertThat(parsed.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("multipart/alternative"));
    assertThat(parsed.text()).isEqualTo("Siehe Bild.");
    assertThat(parsed.html()).isEqualTo("<p>Siehe <b>Bild</b> — schön.</p>");
    String wire = new String(raw, StandardCharsets.US_ASCII);
    assertThat(wire).containsIgnoringCase("Content-Type: text/plain; charset=UTF-8");
    assertThat(wire).containsIgnoringCase("Content-Type: text/html; charset=UTF-8");
    assertThat(wire).containsIgnoringCase("Content-Transfer-Encoding: quoted-printable");
  }

  @Test
  void aPlainAsciiTextGoesAsItIsSoALongLinkStaysWholeInTheRawText() throws Exception {
    // Issue 15: a reader that shows the raw text must see a mailed link unbroken: no "=3D" for
    // its "=", no soft line break at 76 characters.
    String link =
        "http://localhost:8282/signup/finish?token="
            + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";
    Draft draft = draft("Finish signing up", "To finish, open this link:\n\n" + link + "\n", null);

    byte[] raw = composer.compose(draft);
    String wire = new String(raw, StandardCharsets.US_ASCII);

    assertThat(link.length()).isGreaterThan(76);
    assertThat(wire).contains("Content-Transfer-Encoding: 7bit").contains("\r\n" + link + "\r\n");
    assertThat(parser.parse(raw).text()).contains(link);
  }

  @Test
  void textThatCannotGoAsItIsIsQuotedPrintable() throws Exception {
    for (String text :
        new String[] {
          "naïve café", // not ASCII
          "x".repeat(999), // longer than a line may be (RFC 5322 §2.1.1)
          "Markdown line break  \nnext", // white space at a line's end, which transports strip
          "Hello\nFrom here on\n", // an mbox file would change the "From "
          "bell \u0007"
        }) {
      byte[] raw = composer.compose(draft("Hi", text, null));
      assertThat(new String(raw, StandardCharsets.US_ASCII))
          .as(text)
          .contains("Content-Transfer-Encoding: quoted-printable");
      assertThat(parser.parse(raw).text()).as(text).isEqualTo(text);
    }
  }

  @Test
  void writesAsciiOnlyHeadersWithEncodedWordsAndCrlfEverywhere() {
    byte[] raw =
        composer.compose(draft("Füße ☕", "line one\nline two\rline three\r\n", "<p>x</p>"));

    for (int i = 0; i < raw.length; i++) {
      assertThat(raw[i] & 0xff).as("byte %d is 7-bit", i).isLessThan(0x80);
      if (raw[i] == '\n') {
        assertThat(i).as("LF at %d follows CR", i).isPositive();
        assertThat(raw[i - 1]).as("LF at %d follows CR", i).isEqualTo((byte) '\r');
      }
      if (raw[i] == '\r') {
        assertThat(raw[i + 1]).as("CR at %d precedes LF", i).isEqualTo((byte) '\n');
      }
    }
    String wire = new String(raw, StandardCharsets.US_ASCII);
    assertThat(wire).contains("Message-ID: <20240601.1234@parley.example.org>");
    assertThat(wire).contains("In-Reply-To: <parent@example.org>");
    assertThat(wire).contains("References: <root@example.org> <parent@example.org>");
    assertThat(wire).contains("Date: Sat, 1 Jun 2024 10:15:30 +0000");
    assertThat(wire).containsPattern("(?m)^Subject: =\\?UTF-8\\?[BQ]\\?");
    assertThat(wire)
        .containsPattern("(?m)^From: =\\?(UTF-8|ISO-8859-1)\\?[BQ]\\?.*\\?= <zoe@example.org>");
  }

  @Test
  void turnsLineBreaksInHeaderValuesIntoSpaces() throws Exception {
    Draft draft = draft("Hello\r\nBcc: victim@example.org", "x", null);

    ParsedMessage parsed = parser.parse(composer.compose(draft));

    assertThat(parsed.subject()).isEqualTo("Hello Bcc: victim@example.org");
    assertThat(parsed.header("Bcc")).isEmpty();
  }

  @Test
  void rejectsAnInvalidExtraHeaderName() {
    Draft draft =
        new Draft(
            "a@example.org",
            Instant.EPOCH,
            new Mailbox("", "a@example.org"),
            List.of(),
            List.of(),
            null,
            "s",
            null,
            List.of(),
            "x",
            null,
            Map.of("Bad Name:", "v"));

    assertThatThrownBy(() -> composer.compose(draft))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad Name:");
  }

  /**
   * Issue 15: a web reply deep in a thread has References too long for one line. They were folded
   * twice (by us, then by mime4j's writer), which left an empty line inside the header section: the
   * message ended its header early and showed its own MIME structure as text. Six replies in a row,
   * with long ids, subjects and names in several scripts, must each parse whole, by mime4j and by
   * Python's email package.
   */
  @Test
  void issue15RepliesDeepInAThreadKeepTheirHeaderSectionWhole() throws Exception {
    String domain = "parley.groups.example-with-a-rather-long-domain-name.org";
    List<String> refs = new java.util.ArrayList<>();
    String[] subjects = {
      "Re: Ein sehr langer Betreff über die Hafenstraße und die Zukunft der Fähren — Teil zwei",
      "Re: Очень длинная тема о будущем паромов и гавани, часть вторая и последняя",
      "Re: 港湾と渡し船の将来についての非常に長い件名、その二、そして最後の部分です",
      "Re: موضوع طويل جدا عن مستقبل العبارات والميناء، الجزء الثاني",
      "Re: A long plain subject that goes on and on well past the seventy-eight character mark",
      "Re: Ελληνικά και English mixed — ein sehr langer Betreff mit 😀 emoji and more words"
    };
    String[] names = {
      "Zoë Ångström-Wittgenstein von und zu Hafenstraße",
      "Александра Владимировна Константинопольская",
      "山田 太郎 (やまだ たろう) 港湾委員会",
      "محمد بن عبد الله الهاشمي القرشي",
      "Grace Brewster Murray Hopper, Rear Admiral, United States Navy",
      "Ελευθερία Παπαδοπούλου-Κωνσταντινίδου"
    };
    String parent = null;
    for (int i = 0; i < 6; i++) {
      String id =
          java.util.HexFormat.of().formatHex(new byte[16]).replace('0', (char) ('a' + i))
              + "@"
              + domain;
      String text = "Reply number " + (i + 1) + " — " + names[i] + "\n\n> quoted line\nThe end.";
      Draft draft =
          new Draft(
              id,
              Instant.parse("2024-06-01T10:15:30Z").plusSeconds(i),
              new Mailbox(names[i], "author" + i + "@example.org"),
              List.of(
                  new Mailbox("Harbour news and the ferry timetable group", "news@example.org")),
              List.of(),
              null,
              subjects[i],
              parent,
              List.copyOf(refs),
              text,
              "<p>Reply number " + (i + 1) + "</p>",
              Map.of());

      byte[] raw = composer.compose(draft);

      org.parley.testkit.RawMessages.assertWholeHeaderSection(
          raw, "Message-ID", "Date", "From", "To", "Subject", "MIME-Version", "Content-Type");
      ParsedMessage parsed = parser.parse(raw);
      assertThat(parsed.defects()).as("reply %d", i + 1).isEmpty();
      assertThat(parsed.messageId()).isEqualTo(id);
      assertThat(parsed.references()).isEqualTo(refs);
      assertThat(parsed.subject()).isEqualTo(subjects[i]);
      assertThat(parsed.from()).isEqualTo(draft.from());
      assertThat(parsed.text()).isEqualTo(text);
      org.parley.testkit.PythonEmail.Reading py = org.parley.testkit.PythonEmail.read(raw);
      assertThat(py.defects()).as("Python's defects, reply %d", i + 1).isEmpty();
      assertThat(py.header("Subject")).isEqualTo(subjects[i]);
      assertThat(py.header("Message-ID")).isEqualTo("<" + id + ">");
      assertThat(py.header("From")).contains("author" + i + "@example.org");
      assertThat(py.text().replace("\r\n", "\n").strip()).isEqualTo(text.strip());
      if (!refs.isEmpty()) {
        assertThat(py.header("References").split("\\s+"))
            .containsExactlyElementsOf(refs.stream().map(r -> "<" + r + ">").toList());
      }
      refs.add(id);
      parent = id;
    }
  }
}
