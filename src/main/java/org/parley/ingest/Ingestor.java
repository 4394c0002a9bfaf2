package org.parley.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.parley.account.Account;
import org.parley.account.AccountId;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.archive.ArchiveWriter;
import org.parley.archive.Archived;
import org.parley.archive.MessageId;
import org.parley.archive.NewPost;
import org.parley.archive.Subjects;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.mime.Attachment;
import org.parley.mime.Mailbox;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.parley.mime.Sizes;
import org.parley.moderation.Screen;
import org.parley.moderation.Screening;
import org.parley.moderation.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every post takes (DESIGN §3): parse, screen, archive, and only then answer. Edges
 * (SMTP, web, API, import, approval) build a {@link Submission} and turn the {@link IngestResult}
 * into their protocol's answer; none of them writes the archive itself.
 *
 * <p>{@link #prepare} does everything that can refuse (parse, screen) without writing; {@link
 * #commit} archives. An SMTP session with several group recipients prepares them all first, so it
 * can refuse the message whole before anything is committed.
 */
public final class Ingestor {
  private static final Logger log = LoggerFactory.getLogger(Ingestor.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

  /** A submission that passed the screen and waits to be committed. */
  public sealed interface Prepared {
    record Ready(Submission submission, NewPost post) implements Prepared {}

    record Done(IngestResult result) implements Prepared {}
  }

  private final GroupStore groups;
  private final MemberStore members;
  private final AccountStore accounts;
  private final MessageParser parser;
  private final Screen screen;
  private final ArchiveWriter writer;
  private final String domain;
  private final long maxBytes;
  private final FreeSpace space;

  public Ingestor(
      GroupStore groups,
      MemberStore members,
      AccountStore accounts,
      MessageParser parser,
      Screen screen,
      ArchiveWriter writer,
      String domain,
      long maxBytes,
      FreeSpace space) {
    this.groups = groups;
    this.members = members;
    this.accounts = accounts;
    this.parser = parser;
    this.screen = screen;
    this.writer = writer;
    this.domain = domain;
    this.maxBytes = maxBytes;
    this.space = space;
  }

  /** Parses, screens and archives one submission, returning after the commit. */
  public IngestResult submit(Submission s) {
    return finish(prepare(s));
  }

  /** As {@link #submit(Submission)}, for an edge that has just found the group (LMTP, at RCPT). */
  public IngestResult submit(Submission s, Group group) {
    return finish(prepare(s, group));
  }

  private IngestResult finish(Prepared prepared) {
    return switch (prepared) {
      case Prepared.Done d -> d.result();
      case Prepared.Ready r -> commit(r);
    };
  }

  /** Parses and screens; nothing is written. */
  public Prepared prepare(Submission s) {
    Optional<Group> found = groups.find(s.group());
    if (found.isEmpty()) {
      return done(
          new IngestResult.Refused(
              550,
              "5.1.1",
              "There is no group " + s.group() + "@" + domain + " here.",
              "recipient"));
    }
    return prepare(s, found.get());
  }

  /**
   * As {@link #prepare(Submission)}, for an edge that has just found the group (SMTP, at RCPT).
   *
   * @param group the group {@code s} is addressed to, as the store had it moments ago
   */
  public Prepared prepare(Submission s, Group group) {
    if (!group.name().equals(s.group())) {
      throw new IllegalArgumentException(
          "a submission to " + s.group() + " prepared for the group " + group.name());
    }
    if (s.raw().length > maxBytes) {
      return done(
          new IngestResult.Refused(
              552,
              "5.3.4",
              "The message is larger than this site's limit of " + Sizes.of(maxBytes) + ".",
              "max-size"));
    }
    if (!space.enough(s.raw().length)) {
      // SMTP asked at MAIL already; this is for the other paths, and a disk that filled since
      return done(
          new IngestResult.Failed(
              "The site is short of disk space and cannot store new posts just now; please try"
                  + " again later."));
    }
    ParsedMessage m;
    try {
      m = parser.parse(s.raw());
    } catch (MalformedMessageException e) {
      log.info(
          "refused a message to {} from {}: {}",
          s.group(),
          s.envelope().mailFrom(),
          e.getMessage());
      return done(new IngestResult.Refused(554, "5.6.0", e.getMessage(), "parse"));
    }
    Optional<EmailAddress> author = authorOf(m, s.envelope());
    Optional<Member> sender = author.flatMap(a -> members.find(group.id(), a));
    Screening screening =
        new Screening(
            m,
            s.envelope().mailFrom(),
            s.raw().length,
            group,
            sender,
            group.name().value() + "." + domain,
            group.name().value() + "@" + domain,
            s.source() == Source.IMPORT);
    Verdict verdict = screen.screen(screening);
    switch (verdict) {
      case Verdict.Reject r -> {
        log.info("refused {} to {} by rule {}: {}", m.messageId(), s.group(), r.rule(), r.reason());
        return done(new IngestResult.Refused(r.code(), r.status(), r.reason(), r.rule()));
      }
      case Verdict.Discard d -> {
        log.info("dropped {} to {} by rule {}: {}", m.messageId(), s.group(), d.rule(), d.reason());
        return done(new IngestResult.Discarded(d.rule(), d.reason()));
      }
      case Verdict.Hold h -> {
        return done(
            new IngestResult.Refused(
                550,
                "5.7.1",
                "The message needs a moderator's approval ("
                    + h.reason()
                    + "), and this group"
                    + " has no moderation queue yet.",
                h.rule()));
      }
      case Verdict.Accept a -> {}
    }
    String fromAddress =
        author.map(EmailAddress::value).orElse(m.from() == null ? "" : m.from().address());
    String fromName = m.from() == null ? "" : m.from().name();
    // a member's row holds their account's id and name; only others need the accounts looked up
    Optional<Account> other =
        sender.isPresent() ? Optional.empty() : author.flatMap(accounts::find);
    Optional<AccountId> account = sender.map(Member::accountId).or(() -> other.map(Account::id));
    if (fromName == null || fromName.isBlank()) {
      fromName =
          sender.map(Member::displayName).or(() -> other.map(Account::displayName)).orElse("");
    }
    List<NewPost.NewAttachment> attachments = new ArrayList<>();
    for (Attachment a : m.attachments()) {
      attachments.add(
          new NewPost.NewAttachment(
              a.filename(), a.contentType(), a.data(), a.contentId(), a.inline()));
    }
    NewPost post =
        new NewPost(
            group.id(),
            s.raw(),
            MessageId.of(m.messageId()),
            m.inReplyTo(),
            m.references(),
            m.subject() == null ? "" : m.subject(),
            Subjects.isReply(m.subject()) || m.inReplyTo() != null || !m.references().isEmpty(),
            fromAddress,
            fromName == null ? "" : fromName,
            account.orElse(null),
            m.date(),
            addresses(m.to()),
            addresses(m.cc()),
            m.text(),
            m.html(),
            attachments,
            String.join("\n", m.defects()),
            s.source().id(),
            s.source().distributes());
    return new Prepared.Ready(s, post);
  }

  /** Archives a prepared submission; returns once it is committed (or failed). */
  public IngestResult commit(Prepared.Ready r) {
    try {
      Archived a = writer.archive(r.post()).get(COMMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (a.duplicate()) {
        log.info(
            "{} to {} was already archived as post {}; nothing changed",
            r.post().messageId(),
            r.submission().group(),
            a.post());
      } else {
        log.info(
            "archived {} to {} as post {} in topic {}; distribution queued",
            r.post().messageId(),
            r.submission().group(),
            a.post(),
            a.topic());
      }
      return new IngestResult.Accepted(a.post(), a.topic(), a.duplicate());
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      log.error(
          "could not archive {} to {}; the sender should retry",
          r.post().messageId(),
          r.submission().group(),
          cause);
      return new IngestResult.Failed(
          "The archive could not store the message; please try again later.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IngestResult.Failed("The server is shutting down; please try again later.");
    }
  }

  private static Optional<EmailAddress> authorOf(ParsedMessage m, Envelope e) {
    if (m.from() != null && EmailAddress.isValid(m.from().address())) {
      return Optional.of(EmailAddress.of(m.from().address()));
    }
    if (EmailAddress.isValid(e.mailFrom())) {
      return Optional.of(EmailAddress.of(e.mailFrom()));
    }
    return Optional.empty();
  }

  private static String addresses(List<Mailbox> list) {
    return list.stream()
        .map(
            mb ->
                mb.name() == null || mb.name().isBlank()
                    ? mb.address()
                    : mb.name() + " <" + mb.address() + ">")
        .collect(Collectors.joining(", "));
  }

  private static Prepared done(IngestResult r) {
    return new Prepared.Done(r);
  }
}
