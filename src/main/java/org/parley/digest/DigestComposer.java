package org.parley.digest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.parley.archive.Post;
import org.parley.archive.TopicId;
import org.parley.crypto.Tokens;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.mailtext.AbridgedDigest;
import org.parley.mailtext.DigestContents;
import org.parley.mailtext.DigestFooter;
import org.parley.mailtext.MailTexts;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;

/**
 * Writes one member's digest of a period, as the delivery mode they chose asks:
 *
 * <ul>
 *   <li>{@link #mime}: a MIME digest (RFC 2046 §5.1.5), written by {@link
 *       MessageComposer#composeDigest}: a text/plain table of contents in RFC 1153's layout
 *       ("Today's Topics:", numbered "1. Subject (Author)"), a multipart/digest of the posts as
 *       message/rfc822 parts, each the raw message as received (the record, DESIGN §7.1), and a
 *       text/plain footer with the member's settings page, the group's page and the one-click
 *       unsubscribe link. A digest larger than the size limit is split into parts, "(part 1 of 2)"
 *       in the subject, each under the limit (a single post larger than it goes alone).
 *   <li>{@link #abridged}: one text/plain summary listing each topic with new posts, its authors,
 *       the first lines of each post and a link to the conversation.
 * </ul>
 *
 * Both come from the group's owner address under its title, to the member, with the list's {@code
 * List-Id} (RFC 2919) and the member's own {@code List-Unsubscribe} with RFC 8058 one-click, as a
 * copy of a post carries them. Bodies come from the templates of {@code src/main/jte-plain}.
 */
public final class DigestComposer {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy", Locale.ROOT);

  /** A post of the digest, with its raw message as received. */
  public record DigestPost(Post post, byte[] raw) {}

  /** Who the digest is for: the member's address and their secret token. */
  public record Recipient(String email, String token) {}

  /** A written message and its Message-ID (without angle brackets). */
  public record Composed(String messageId, byte[] bytes) {}

  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;
  private final UnaryOperator<String> settingsKey;
  private final Clock clock;
  private final MessageComposer composer = new MessageComposer();
  private final MailTexts texts = new MailTexts();

  /**
   * @param domain the site's mail domain
   * @param baseUrl the site's public URL without a final '/', before every link
   * @param settingsKey the key of the signed link to a member's own settings page, from their
   *     member token ({@code member/SettingsLinks#key}), so the footer's link works without signing
   *     in as a copy's does
   */
  public DigestComposer(
      String domain, Supplier<String> baseUrl, UnaryOperator<String> settingsKey, Clock clock) {
    this.addresses = new ListAddresses(domain);
    this.baseUrl = baseUrl;
    this.settingsKey = settingsKey;
    this.clock = clock;
  }

  /**
   * The MIME digest of {@code posts} for {@code to}: one message, or several parts each at most
   * {@code limit} bytes when the whole would be larger.
   *
   * @param start the period's start
   * @param end the period's end (exclusive)
   * @param posts the posts in the order they arrived; at least one
   */
  public List<Composed> mime(
      Group group, Recipient to, Instant start, Instant end, List<DigestPost> posts, long limit) {
    if (posts.isEmpty()) {
      throw new IllegalArgumentException("a digest of no posts");
    }
    List<List<Numbered>> parts = new ArrayList<>();
    List<Numbered> all = new ArrayList<>();
    for (int i = 0; i < posts.size(); i++) {
      all.add(new Numbered(i + 1, posts.get(i)));
    }
    parts.add(all);
    // Split until every part fits: halve a part that does not (one post always goes, even alone
    // over the limit, for the door took it). Each part is measured as the longest part number
    // would make it, so its final header cannot push it over.
    for (int i = 0; i < parts.size(); ) {
      List<Numbered> part = parts.get(i);
      if (part.size() > 1 && write(group, to, start, end, part, 999, 999).bytes().length > limit) {
        int half = part.size() / 2;
        parts.set(i, new ArrayList<>(part.subList(0, half)));
        parts.add(i + 1, new ArrayList<>(part.subList(half, part.size())));
      } else {
        i++;
      }
    }
    List<Composed> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      out.add(write(group, to, start, end, parts.get(i), i + 1, parts.size()));
    }
    return out;
  }

  /** A post with its number in the whole digest. */
  private record Numbered(int number, DigestPost post) {}

  private Composed write(
      Group group,
      Recipient to,
      Instant start,
      Instant end,
      List<Numbered> posts,
      int part,
      int parts) {
    String title = title(group);
    String period = period(start, end);
    List<DigestContents.Entry> entries = new ArrayList<>();
    List<byte[]> raws = new ArrayList<>();
    for (Numbered n : posts) {
      Post p = n.post().post();
      entries.add(new DigestContents.Entry(n.number(), subject(p.subject()), p.authorName()));
      raws.add(n.post().raw());
    }
    String contents =
        texts.render(
            new DigestContents(title, period, part, parts, entries, addresses.post(group.name())));
    String footer = texts.render(footer(group, to));
    String subject =
        title
            + " digest, "
            + period
            + ", "
            + count(posts.size())
            + (parts > 1 ? " (part " + part + " of " + parts + ")" : "");
    String messageId = Tokens.hex(16) + "@" + addresses.domain();
    byte[] bytes =
        composer.composeDigest(draft(group, to, messageId, subject, contents), raws, footer);
    return new Composed(messageId, bytes);
  }

  /**
   * The abridged summary of {@code posts} for {@code to}.
   *
   * @param subjects each topic's subject, by its id (a topic missing here shows its first new
   *     post's subject)
   */
  public Composed abridged(
      Group group,
      Recipient to,
      Instant start,
      Instant end,
      List<DigestPost> posts,
      Map<TopicId, String> subjects) {
    Map<TopicId, List<Post>> byTopic = new LinkedHashMap<>();
    for (DigestPost d : posts) {
      byTopic.computeIfAbsent(d.post().topicId(), t -> new ArrayList<>()).add(d.post());
    }
    String name = group.name().value();
    List<AbridgedDigest.Topic> topics = new ArrayList<>();
    for (Map.Entry<TopicId, List<Post>> e : byTopic.entrySet()) {
      Set<String> authors = new LinkedHashSet<>();
      List<AbridgedDigest.Line> lines = new ArrayList<>();
      for (Post p : e.getValue()) {
        authors.add(p.authorName());
        lines.add(
            new AbridgedDigest.Line(
                p.authorName(), p.snippet().isBlank() ? "(no text)" : p.snippet()));
      }
      topics.add(
          new AbridgedDigest.Topic(
              subject(subjects.getOrDefault(e.getKey(), e.getValue().get(0).subject())),
              baseUrl.get() + Links.topic(name, e.getKey().value()),
              String.join(", ", authors),
              lines));
    }
    String title = title(group);
    String period = period(start, end);
    String text =
        texts.render(new AbridgedDigest(title, period, posts.size(), topics, footer(group, to)));
    String subject = title + " summary, " + period + ", " + count(posts.size());
    String messageId = Tokens.hex(16) + "@" + addresses.domain();
    return new Composed(messageId, composer.compose(draft(group, to, messageId, subject, text)));
  }

  private DigestFooter footer(Group group, Recipient to) {
    String name = group.name().value();
    return new DigestFooter(
        title(group),
        baseUrl.get() + Links.me(name) + "?k=" + settingsKey.apply(to.token()),
        baseUrl.get() + Links.group(name),
        baseUrl.get() + Links.unsubscribe(to.token()));
  }

  private Draft draft(Group group, Recipient to, String messageId, String subject, String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    String title = title(group);
    String listId = "<" + addresses.listId(group.name()) + ">";
    // A title that needs quoting or encoding is left out: the id alone is a whole List-Id.
    headers.put("List-Id", title.matches("[A-Za-z0-9 .,_+-]+") ? title + " " + listId : listId);
    headers.put("List-Post", "<mailto:" + addresses.post(group.name()) + ">");
    headers.put("List-Archive", "<" + baseUrl.get() + Links.group(group.name().value()) + ">");
    headers.put(
        "List-Unsubscribe",
        "<"
            + baseUrl.get()
            + Links.unsubscribe(to.token())
            + ">, <mailto:"
            + addresses.leave(group.name(), to.token())
            + ">");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    headers.put("Precedence", "list");
    return new Draft(
        messageId,
        clock.instant(),
        new Mailbox(title, addresses.owner(group.name())),
        List.of(new Mailbox("", to.email())),
        List.of(),
        null,
        subject,
        null,
        List.of(),
        text,
        null,
        headers);
  }

  private static String title(Group group) {
    return group.title() == null || group.title().isBlank()
        ? group.name().value()
        : group.title().strip();
  }

  private static String subject(String subject) {
    String s = subject == null ? "" : subject.replaceAll("\\s+", " ").strip();
    return s.isEmpty() ? "(no subject)" : s;
  }

  private static String count(int n) {
    return n + (n == 1 ? " message" : " messages");
  }

  /**
   * The period as words: its day when it lies within one UTC day ("Tue, 2 Dec 2025"), else its
   * first and last day.
   */
  static String period(Instant start, Instant end) {
    LocalDate first = start.atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate last = end.minusMillis(1).atOffset(ZoneOffset.UTC).toLocalDate();
    if (!last.isAfter(first)) {
      return DAY.format(first);
    }
    return DAY.format(first) + " to " + DAY.format(last);
  }
}
