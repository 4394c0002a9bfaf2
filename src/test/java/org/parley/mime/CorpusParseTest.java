package org.parley.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.testkit.Mboxrd;

/**
 * Parses every message of every corpus of real mail (see the corpora README): {@code .eml} files
 * one by one, {@code .mbox} files split by {@link Mboxrd}. Nothing may throw but a {@link
 * MalformedMessageException}, every parsed message has a Message-ID and text, and the counts
 * measured once are held fixed so a change in behaviour shows.
 */
@Tag("slow") // a corpus
class CorpusParseTest {

  private final MessageParser parser = new MessageParser(Limits.defaults());

  @ParameterizedTest(name = "{0}: {1} parsed, {2} refused")
  @CsvSource({
    "lore-usrp-users-2021, 2320, 0",
    "lore-util-linux, 3509, 0",
    "lore-jailhouse-dev-2021, 884, 0",
    "notmuch-test-corpora, 320, 0",
    "mime4j-testmsgs, 85, 0",
    "ruby-mail-fixtures, 103, 0",
    "mimekit-testdata, 75, 1",
    "python-test-email, 47, 0",
    "enmime-testdata, 79, 0",
  })
  void parsesEveryMessage(String set, int expectedParsed, int expectedRefused) throws IOException {
    Path root = Path.of(System.getProperty("parley.corpora", "../shared/corpora")).resolve(set);
    assumeTrue(Files.isDirectory(root), "corpus " + root + " is absent, so it is not parsed");
    int parsed = 0;
    List<String> refused = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      List<byte[]> messages;
      if (name.endsWith(".mbox")) {
        messages = Mboxrd.split(Files.readAllBytes(file));
      } else if (name.endsWith(".eml")) {
        messages = List.of(Files.readAllBytes(file));
      } else {
        continue;
      }
      for (int i = 0; i < messages.size(); i++) {
        String where = root.relativize(file) + (messages.size() > 1 ? "#" + (i + 1) : "");
        try {
          ParsedMessage message = parser.parse(messages.get(i));
          assertThat(message.messageId()).as(where).isNotBlank();
          assertThat(message.text()).as(where).isNotNull();
          parsed++;
        } catch (MalformedMessageException e) {
          refused.add(where + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
          fail(where + " threw " + e, e);
        }
      }
    }
    System.out.printf("%s: %d parsed, %d refused %s%n", set, parsed, refused.size(), refused);
    assertThat(parsed).as(set + " parsed").isEqualTo(expectedParsed);
    assertThat(refused).as(set + " refused").hasSize(expectedRefused);
  }
}
