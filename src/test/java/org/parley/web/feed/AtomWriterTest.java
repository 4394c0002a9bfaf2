package org.parley.web.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Atom document Rome writes for a feed, read back with Rome's own reader. */
class AtomWriterTest {
  private final AtomWriter writer = new AtomWriter();

  @Test
  void textThatXmlCannotCarryIsLeftOutAndTheRestSurvivesEscaped() throws Exception {
    Instant at = Instant.parse("2025-12-01T09:00:00Z");
    String xml =
        writer.write(
            new AtomWriter.Document(
                "tag:lists.test,2026:group/1/posts",
                "Group & <friends>",
                "About\u0001 us",
                "http://x.test/g/a/posts.atom",
                "http://x.test/g/a/",
                at,
                List.of(
                    new AtomWriter.Item(
                        "tag:lists.test,2026:post/7",
                        "Bell\u0007 \uD800and ]]> <script>",
                        "Zoë 大久保",
                        "",
                        "http://x.test/g/a/m/7@x/",
                        at,
                        at,
                        "Hello\u0000 world",
                        "<p>Hi &amp; bye</p>"))));
    assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    SyndFeed feed = new SyndFeedInput().build(new StringReader(xml));
    assertThat(feed.getTitle()).isEqualTo("Group & <friends>");
    SyndEntry entry = feed.getEntries().get(0);
    assertThat(entry.getTitle()).isEqualTo("Bell and ]]> <script>");
    assertThat(entry.getAuthor()).isEqualTo("Zoë 大久保");
    assertThat(entry.getAuthors().get(0).getEmail()).isNull();
    assertThat(entry.getDescription().getValue()).isEqualTo("Hello world");
    assertThat(entry.getContents().get(0).getValue()).isEqualTo("<p>Hi &amp; bye</p>");
    assertThat(entry.getUri()).isEqualTo("tag:lists.test,2026:post/7");
    assertThat(entry.getPublishedDate().toInstant()).isEqualTo(at);
    assertThat(xml).doesNotContain("<script>").doesNotContain("<p>");
  }
}
