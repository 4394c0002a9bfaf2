package org.parley.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mbox dialects a group's archive may come in are each read back to the messages written. */
class MboxReaderTest {
  static final Path DIR = Path.of("src/test/resources/import");

  static List<String> read(Path file) throws IOException {
    ImportFile f = new ImportFile(file, ImportFile.Kind.MBOX, Files.size(file));
    List<String> out = new ArrayList<>();
    try (MessageSource source = f.open(new AtomicLong())) {
      byte[] raw;
      while ((raw = source.next()) != null) {
        out.add(new String(raw, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static String expected(String name) throws IOException {
    return Files.readString(DIR.resolve("expected").resolve(name));
  }

  @Test
  void mboxrdLosesOneQuoteOfFromLinesAndKeepsAnUnescapedFromLineInItsBody() throws IOException {
    List<String> messages = read(DIR.resolve("mboxrd.mbox"));

    assertThat(messages)
        .containsExactly(expected("m1.eml"), expected("m2.eml"), expected("m3.eml"));
    assertThat(messages.get(0))
        .contains("\n>From the start, one quote is ours.\n")
        .contains("\n>>From two quotes, one is ours.\n")
        .contains("\nFrom me to you: an unescaped line that is no separator.\n");
    assertThat(messages.get(1)).endsWith("Second, ending in a blank line.\n\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mboxrd.mbox.gz", "mboxrd.mbox.bz2", "mboxrd.mbox.xz"})
  void compressedFilesReadAsTheMboxTheyHold(String name) throws IOException {
    assertThat(read(DIR.resolve(name)))
        .containsExactly(expected("m1.eml"), expected("m2.eml"), expected("m3.eml"));
  }

  @Test
  void aRightContentLengthKeepsASeparatorLikeLineInTheBodyAndAWrongOneIsIgnored()
      throws IOException {
    List<String> messages = read(DIR.resolve("mboxcl2.mbox"));

    assertThat(messages)
        .containsExactly(expected("cl1.eml"), expected("cl2.eml"), expected("cl3.eml"));
    assertThat(messages.get(0)).contains("\nFrom bob@example.org Thu Mar  1 09:00:00 2007\n");
  }

  @Test
  void crlfFileWithAByteOrderMarkKeepsItsLineEnds() throws IOException {
    List<String> messages = read(DIR.resolve("crlf-bom.mbox"));

    assertThat(messages).hasSize(2);
    assertThat(messages.get(0)).startsWith("From: Alice <alice@example.org>\r\n");
    assertThat(messages.get(0)).endsWith("\r\n\r\nCRLF body.\r\n");
    assertThat(messages.get(1)).contains("Message-ID: <m2@example.org>\r\n");
    assertThat(messages.get(1).replace("\r\n", "")).doesNotContain("\n");
  }

  @Test
  void pipermailSeparatorsNameTheSenderWithAtAndTheMessagesKeepTheirBytes() throws IOException {
    List<String> messages = read(DIR.resolve("2007-March.txt"));

    assertThat(messages).hasSize(2);
    assertThat(messages.get(0)).startsWith("From: alice at example.org (Alice)\n");
    assertThat(messages.get(1))
        .contains("Message-ID: <pm2@example.org>\n")
        .endsWith("URL: http://lists.example.org/pipermail/list/attachments/photo.jpg\n");
  }

  @Test
  void onlyAFromLineWithAnAsctimeDateIsASeparator() {
    assertThat(sep("From alice@example.org Sun Apr 28 22:57:37 2019\n")).isTrue();
    assertThat(sep("From mboxrd@z Thu Jan  1 00:00:00 1970\r\n")).isTrue();
    assertThat(sep("From - Tue Jan 01 10:00:00 2019")).isTrue();
    assertThat(sep("From alice at example.org  Thu Mar  1 10:00:00 2007")).isTrue();
    assertThat(sep("From alice@example.org Sun Apr 28 22:57:37 +0200 2019")).isTrue();
    assertThat(sep("From me to you: hello")).isFalse();
    assertThat(sep("From alice@example.org")).isFalse();
    assertThat(sep(">From alice@example.org Sun Apr 28 22:57:37 2019")).isFalse();
  }

  @Test
  void nothingBeforeTheFirstSeparatorIsAMessage() throws IOException {
    InputStream in =
        new java.io.ByteArrayInputStream(
            ("not mail\n\nFrom a@b Thu Mar  1 10:00:00 2007\nSubject: x\n\nbody\n")
                .getBytes(StandardCharsets.UTF_8));
    try (MboxReader reader = new MboxReader(in)) {
      assertThat(new String(reader.next(), StandardCharsets.UTF_8))
          .isEqualTo("Subject: x\n\nbody\n");
      assertThat(reader.next()).isNull();
    }
  }

  private static boolean sep(String line) {
    return MboxReader.isSeparator(line.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void messagesAndLinesLongerThanTheReadBufferComeBackWhole(@TempDir Path tmp) throws IOException {
    // a body of 200,000 bytes with a 100,000-byte line, and a Content-Length that is wrong by far
    // (it measures past the next separator): read again line by line after the buffer grew
    String longLine = "x".repeat(100_000) + "\n";
    String body = longLine + "y\n".repeat(50_000);
    String first = "From: a@example.org\nContent-Length: 150000\nSubject: long\n\n" + body;
    String second = "From: b@example.org\nSubject: after\n\nshort\n";
    Path mbox = tmp.resolve("long.mbox");
    Files.writeString(
        mbox,
        "From a@example.org Mon Jan  1 00:00:00 2024\n"
            + first
            + "\nFrom b@example.org Mon Jan  1 00:01:00 2024\n"
            + second);

    assertThat(read(mbox)).containsExactly(first, second);
  }
}
