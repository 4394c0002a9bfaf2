package org.parley.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.archive.TopicId;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.mime.HeaderText;
import org.parley.testkit.PythonEmail;

/**
 * How one member's digest is written: the MIME digest's structure (RFC 2046 §5.1.5, RFC 1153's
 * table of contents), each post inside byte for byte as received, the list headers, splitting over
 * the size limit, and the abridged summary.
 */
class DigestComposerTest {
  static final Instant START = Instant.parse("2026-03-03T00:00:00Z");
  static final Instant END = Instant.parse("2026-03-04T00:00:00Z");
  static final String TOKEN = "0123456789abcdef0123456789abcdef";

  final DigestComposer composer =
      new DigestComposer(
          "lists.test",
          () -> "https://forum.test",
          token -> "key-of-" + token,
          Clock.fixed(Instant.parse("2026-03-04T00:00:05Z"), ZoneOffset.UTC));
  final Group group =
      new Group(
          7,
          new GroupName("news"),
          "News",
          "",
          Visibility.PUBLIC,
          Posting.MEMBERS,
          Joining.OPEN,
          "[news]",
          ReplyTo.GROUP,
          "",
          false,
          10_000_000,
          START);
  final DigestComposer.Recipient dora = new DigestComposer.Recipient("dora@example.com", TOKEN);

  static DigestComposer.DigestPost post(int i, long topic, String body) {
    String raw =
        "From: Ada <ada@example.com>\r\nTo: news@lists.test\r\nSubject: Topic "
            + topic
            + " post "
            + i
            + "\r\nMessage-ID: <p"
            + i
            + "@example.com>\r\nDate: Tue, 3 Mar 2026 09:00:00 +0000\r\n\r\n"
            + body
            + "\r\n";
    Post p =
        new Post(
            new PostId(i),
            7,
            new TopicId(topic),
            i,
            new MessageId("p" + i + "@example.com"),
            "sha",
            raw.length(),
            null,
            null,
            "ada@example.com",
            "Ada",
            null,
            "Topic " + topic + " post " + i,
            START.plusSeconds(i),
            START.plusSeconds(i),
            "",
            "",
            "First line of post " + i + ".",
            body,
            null,
            "",
            "smtp");
    return new DigestComposer.DigestPost(p, raw.getBytes(StandardCharsets.UTF_8));
  }

  static List<DigestComposer.DigestPost> posts(int n, String body) {
    List<DigestComposer.DigestPost> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(post(i, 100 + i % 3, body + " " + i));
    }
    return out;
  }

  @Test
  void aMimeDigestHasTheContentsTheMessagesAsReceivedAndTheFooter() throws Exception {
    List<DigestComposer.DigestPost> posts = posts(3, "Hello");
    List<DigestComposer.Composed> out = composer.mime(group, dora, START, END, posts, 10_000_000);

    assertThat(out).hasSize(1);
    byte[] raw = out.get(0).bytes();
    Mime4jDigest d = Mime4jDigest.read(raw);
    assertThat(d.subject()).isEqualTo("News digest, Tue, 3 Mar 2026, 3 messages");
    assertThat(d.type()).isEqualTo("multipart/mixed");
    assertThat(d.partTypes()).containsExactly("text/plain", "multipart/digest", "text/plain");
    assertThat(d.contents())
        .contains("Today's Topics:")
        .contains("   1. Topic 101 post 1 (Ada)")
        .contains("   3. Topic 100 post 3 (Ada)");
    assertThat(d.messageIds())
        .containsExactly("<p1@example.com>", "<p2@example.com>", "<p3@example.com>");
    assertThat(d.footer())
        .contains("https://forum.test/g/news/me?k=key-of-" + TOKEN)
        .contains("https://forum.test/g/news/")
        .contains("https://forum.test/u/" + TOKEN);
    // each post inside is the message as received, byte for byte
    String whole = new String(raw, StandardCharsets.UTF_8);
    for (DigestComposer.DigestPost p : posts) {
      assertThat(whole).contains(new String(p.raw(), StandardCharsets.UTF_8));
    }
    assertThat(HeaderText.field(raw, "From")).isEqualTo("News <news-owner@lists.test>");
    assertThat(HeaderText.field(raw, "To")).isEqualTo("dora@example.com");
    assertThat(HeaderText.field(raw, "List-Id")).isEqualTo("News <news.lists.test>");
    assertThat(HeaderText.field(raw, "List-Unsubscribe"))
        .contains("<https://forum.test/u/" + TOKEN + ">");
    assertThat(HeaderText.field(raw, "List-Unsubscribe-Post"))
        .isEqualTo("List-Unsubscribe=One-Click");

    JsonNode walk = PythonEmail.walk(raw);
    assertThat(walk.get("defects")).isEmpty();
    List<String> types = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    walk.get("parts")
        .forEach(
            p -> {
              types.add(p.get("type").asText());
              if (p.has("message_id")) {
                ids.add(p.get("message_id").asText());
              }
            });
    assertThat(types)
        .containsExactly(
            "multipart/mixed",
            "text/plain",
            "multipart/digest",
            "message/rfc822",
            "text/plain",
            "message/rfc822",
            "text/plain",
            "message/rfc822",
            "text/plain",
            "text/plain");
    assertThat(ids).containsExactly("<p1@example.com>", "<p2@example.com>", "<p3@example.com>");
  }

  @Test
  void aDigestOverTheLimitIsSplitIntoPartsEachUnderIt() throws Exception {
    List<DigestComposer.DigestPost> posts = posts(12, "x".repeat(70).repeat(40));
    int limit = 12_000;
    List<DigestComposer.Composed> out = composer.mime(group, dora, START, END, posts, limit);

    assertThat(out.size()).isGreaterThan(1);
    List<String> all = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      byte[] raw = out.get(i).bytes();
      assertThat(raw.length).isLessThanOrEqualTo(limit);
      Mime4jDigest d = Mime4jDigest.read(raw);
      assertThat(d.subject()).endsWith("(part " + (i + 1) + " of " + out.size() + ")");
      assertThat(d.contents()).contains("(part " + (i + 1) + " of " + out.size() + ")");
      all.addAll(d.messageIds());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      expected.add("<p" + i + "@example.com>");
    }
    assertThat(all).isEqualTo(expected);
  }

  @Test
  void aWeeklyPeriodIsNamedByItsFirstAndLastDay() {
    assertThat(
            DigestComposer.period(
                Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z")))
        .isEqualTo("Mon, 2 Mar 2026 to Sun, 8 Mar 2026");
  }

  @Test
  void anAbridgedSummaryListsEachTopicWithItsAuthorsFirstLinesAndLink() throws Exception {
    List<DigestComposer.DigestPost> posts = posts(4, "Hello");
    DigestComposer.Composed c =
        composer.abridged(
            group,
            dora,
            START,
            END,
            posts,
            Map.of(new TopicId(101), "Plans", new TopicId(102), "Picnic"));
    byte[] raw = c.bytes();
    PythonEmail.Reading r = PythonEmail.read(raw);
    assertThat(r.defects()).isEmpty();
    assertThat(r.header("Subject")).isEqualTo("News summary, Tue, 3 Mar 2026, 4 messages");
    assertThat(r.header("List-Unsubscribe")).contains("https://forum.test/u/" + TOKEN);
    String text = r.text().replace("\r\n", "\n");
    assertThat(text)
        .contains("4 new messages in 3 topics")
        .contains("Plans\n  by Ada\n  https://forum.test/g/news/t/101/")
        .contains("Picnic")
        .contains("https://forum.test/g/news/t/100/")
        .contains("  - Ada: First line of post 1.")
        .contains("  - Ada: First line of post 4.")
        .contains("https://forum.test/g/news/me?k=key-of-" + TOKEN);
  }
}
