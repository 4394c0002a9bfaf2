package org.parley.web.post;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.parley.account.Account;
import org.parley.archive.Post;
import org.parley.archive.Subjects;
import org.parley.group.Group;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Ingestor;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;

/**
 * Posts from the web take the path mail takes (DESIGN §3): the form becomes an RFC 5322 message
 * (Message-ID {@code <random>@<domain>}, Date, From the member, To the group, In-Reply-To and
 * References for a reply per RFC 5322 §3.6.4, a text part with what was typed and an HTML part
 * rendered from it as Markdown), handed to the {@link Ingestor} as a {@link Source#WEB} submission.
 * Members then get it by mail exactly as if it had been mailed in.
 */
public final class Posting {
  private final Ingestor ingestor;
  private final MessageComposer composer;
  private final Markdown markdown;
  private final Clock clock;
  private final String domain;
  private final SecureRandom random = new SecureRandom();

  public Posting(
      Ingestor ingestor, MessageComposer composer, Markdown markdown, Clock clock, String domain) {
    this.ingestor = ingestor;
    this.composer = composer;
    this.markdown = markdown;
    this.clock = clock;
    this.domain = domain;
  }

  /** A new Message-ID for this site, without brackets. */
  public String newMessageId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b) + "@" + domain;
  }

  /** Starts a topic. */
  public IngestResult newTopic(
      Group group, Account author, String subject, String body, String ip) {
    return submit(group, author, subject, body, null, List.of(), ip);
  }

  /** Replies in a topic to {@code parent}, to the group. */
  public IngestResult reply(
      Group group, Account author, Post parent, List<String> parentRefs, String body, String ip) {
    return submit(
        group,
        author,
        replySubject(parent.subject()),
        body,
        parent,
        references(parent, parentRefs),
        ip);
  }

  /** "Re: " and the subject without list tags and earlier markers. */
  public static String replySubject(String subject) {
    String clean = Subjects.clean(subject);
    return "Re: " + (clean.isEmpty() ? "(no subject)" : clean);
  }

  /** The References of a reply to {@code parent}: its References, then its Message-ID. */
  public static List<String> references(Post parent, List<String> parentRefs) {
    List<String> refs = new ArrayList<>(parentRefs);
    refs.remove(parent.messageId().value());
    refs.add(parent.messageId().value());
    // RFC 5322 §3.6.4 lets a long chain be trimmed; keep the first and the latest.
    while (refs.size() > 20) {
      refs.remove(1);
    }
    return refs;
  }

  private IngestResult submit(
      Group group,
      Account author,
      String subject,
      String body,
      Post parent,
      List<String> refs,
      String ip) {
    String address = group.name().value() + "@" + domain;
    Draft draft =
        new Draft(
            newMessageId(),
            clock.instant(),
            new Mailbox(author.shownName(), author.email().value()),
            List.of(new Mailbox(group.title(), address)),
            List.of(),
            null,
            subject,
            parent == null ? null : parent.messageId().value(),
            refs,
            body,
            markdown.html(body),
            java.util.Map.of());
    byte[] raw = composer.compose(draft);
    return ingestor.submit(
        new Submission(
            group.name(),
            raw,
            new Envelope(author.email().value(), List.of(address), "web " + ip),
            Source.WEB));
  }
}
