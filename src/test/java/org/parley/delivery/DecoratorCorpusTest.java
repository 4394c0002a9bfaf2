package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
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
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.parley.testkit.Corpora;
import org.parley.testkit.TestSites;

/**
 * Every message of the corpora that the archive takes, decorated for members with a footer, reads
 * back in another parser (Jakarta Mail) as a message with one From, one Date and one Message-ID,
 * the list's headers, and the same sender the archive recorded and the rules screened.
 */
@Tag("slow") // a corpus
class DecoratorCorpusTest {
  private final Decorator decorator = new Decorator("lists.test", "https://lists.test");

  /** The group every corpus message is decorated for: a footer, a prefix, Reply-To the group. */
  static final Group GROUP =
      new Group(
          1,
          new GroupName("corpus"),
          "Corpus",
          "",
          Visibility.PUBLIC,
          Posting.ANYONE,
          Joining.OPEN,
          "[corpus]",
          ReplyTo.GROUP,
          "You are on the corpus list.",
          false,
          25L << 20,
          Instant.EPOCH);

  private final Group group = GROUP;

  @Test
  void everyMessageTheArchiveTakesMakesAWellFormedCopyFromTheSameSender() throws Exception {
    Path root = TestSites.corpora();
    assumeTrue(root != null, "corpora not found (set -Dparley.corpora); skipping");
    MessageParser parser = new MessageParser(Limits.defaults());
    Session session = Session.getInstance(new Properties());
    List<String> wrong = new ArrayList<>();
    int copies = 0;
    for (Corpora.Sample s : Corpora.all(root)) {
      byte[] raw = Corpora.crlf(s.raw());
      ParsedMessage m;
      try {
        m = parser.parse(raw);
      } catch (MalformedMessageException e) {
        continue; // refused at the door: never decorated
      }
      String author = m.from() == null ? "" : m.from().address();
      Origin origin =
          new Origin(
              author.isBlank() ? "sender@example.org" : author,
              "",
              Instant.EPOCH,
              MessageId.of(m.messageId()));
      byte[] bytes;
      MimeMessage copy;
      try {
        bytes = decorator.decorate(group, raw, origin).copyFor("token");
        copy = new MimeMessage(session, new ByteArrayInputStream(bytes));
      } catch (RuntimeException | java.io.IOException e) {
        wrong.add(s.where() + ": cannot be decorated: " + e);
        continue;
      }
      copies++;
      for (String field : List.of("From", "Date", "Message-ID", "List-Id")) {
        String[] values = copy.getHeader(field);
        if (values == null || values.length != 1) {
          wrong.add(s.where() + ": " + (values == null ? 0 : values.length) + " " + field);
        }
      }
      // the copy, read as the archive reads, names the same sender
      String shown;
      try {
        ParsedMessage c = parser.parse(bytes);
        shown = c.from() == null ? "" : c.from().address();
      } catch (MalformedMessageException e) {
        shown = "unreadable: " + e.getMessage();
      }
      if (!author.isBlank() && !author.equals(shown)) {
        wrong.add(s.where() + ": archived from " + author + ", copy from " + shown);
      }
    }
    assertThat(copies).isGreaterThan(7_000);
    assertThat(wrong).isEmpty();
  }
}
