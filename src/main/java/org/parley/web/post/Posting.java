package org.parley.web.post;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.archive.ArchiveReader;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.archive.Subjects;
import org.parley.crypto.Tokens;
import org.parley.group.Group;
import org.parley.group.ListAddresses;
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
 *
 * <p>Each compose form carries a random {@link #formKey() form key} (RELIABILITY A3): the post it
 * makes gets a Message-ID derived from the key, so a form sent again (a retry after a lost answer,
 * a double click) finds the post it already made, by the same author in the same group, and is
 * answered as that post was, instead of posting twice. The Message-ID is a hash of the key, so
 * reading it in the archive does not give the key away.
 */
public final class Posting {
  private static final Pattern FORM_KEY = Pattern.compile("[0-9a-f]{32}");
  private final Ingestor ingestor;
  private final ArchiveReader reader;
  private final MessageComposer composer;
  private final Markdown markdown;
  private final Clock clock;
  private final String domain;
  private final ListAddresses addresses;
  private final ConcurrentMap<String, Object> submitting = new ConcurrentHashMap<>();

  public Posting(
      Ingestor ingestor,
      ArchiveReader reader,
      MessageComposer composer,
      Markdown markdown,
      Clock clock,
      String domain) {
    this.ingestor = ingestor;
    this.reader = reader;
    this.composer = composer;
    this.markdown = markdown;
    this.clock = clock;
    this.domain = domain;
    this.addresses = new ListAddresses(domain);
  }

  /** A new Message-ID for this site, without brackets. */
  /**
   * The sentence to show while posting is paused for lack of disk space; empty while the site takes
   * posts (and mail to send).
   */
  public java.util.Optional<String> paused() {
    return ingestor.paused();
  }

  public String newMessageId() {
    return Tokens.hex(16) + "@" + domain;
  }

  /** A new key for a compose form: 128 random bits in hex, sent back with the form. */
  public String formKey() {
    return Tokens.hex(16);
  }

  /**
   * Starts a topic. {@code formKey} is the form's key ({@link #formKey()}); a post already made
   * with it is answered again as {@link IngestResult.Accepted} with {@code duplicate} set.
   */
  public IngestResult newTopic(
      Group group, Account author, String subject, String body, String ip, String formKey) {
    return submit(group, author, subject, body, null, List.of(), ip, formKey);
  }

  /** Replies in a topic to {@code parent}, to the group; {@code formKey} as for a new topic. */
  public IngestResult reply(
      Group group,
      Account author,
      Post parent,
      List<String> parentRefs,
      String body,
      String ip,
      String formKey) {
    return submit(
        group,
        author,
        replySubject(parent.subject()),
        body,
        parent,
        references(parent, parentRefs),
        ip,
        formKey);
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
      String ip,
      String formKey) {
    if (formKey == null || !FORM_KEY.matcher(formKey).matches()) {
      // A form from before keys, or a client that dropped the field: post as ever.
      return compose(group, author, subject, body, parent, refs, ip, newMessageId());
    }
    String messageId = Tokens.hash("parley-form-key|" + formKey).substring(0, 32) + "@" + domain;
    // One submission per key at a time, so two copies of one form racing in make one post.
    Object lock = submitting.computeIfAbsent(formKey, k -> new Object());
    synchronized (lock) {
      try {
        Optional<Post> made =
            reader.postsByMessageId(group.id(), new MessageId(messageId)).stream().findFirst();
        if (made.isPresent()) {
          Post p = made.get();
          if (EmailAddress.isValid(p.fromAddress())
              && EmailAddress.of(p.fromAddress()).key().equals(author.email().key())) {
            return new IngestResult.Accepted(p.id(), p.topicId(), true);
          }
          // Another author's post under this id cannot come from this key: post afresh.
          return compose(group, author, subject, body, parent, refs, ip, newMessageId());
        }
        return compose(group, author, subject, body, parent, refs, ip, messageId);
      } finally {
        submitting.remove(formKey, lock);
      }
    }
  }

  private IngestResult compose(
      Group group,
      Account author,
      String subject,
      String body,
      Post parent,
      List<String> refs,
      String ip,
      String messageId) {
    String address = addresses.post(group.name());
    Draft draft =
        new Draft(
            messageId,
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
