package org.parley.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jdbi.v3.core.JdbiException;
import org.parley.account.Account;
import org.parley.account.AccountId;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.archive.ArchiveWriter;
import org.parley.archive.Archived;
import org.parley.archive.BlobStore;
import org.parley.archive.MessageId;
import org.parley.archive.NewPost;
import org.parley.archive.Subjects;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.mailauth.SenderAuthentication;
import org.parley.mailauth.SenderAuthenticator;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.mime.Attachment;
import org.parley.mime.Mailbox;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.parley.mime.Sizes;
import org.parley.moderation.Chain;
import org.parley.moderation.Check;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.parley.moderation.Screen;
import org.parley.moderation.Screening;
import org.parley.moderation.Verdict;
import org.parley.spam.Arrival;
import org.parley.spam.SpamGate;
import org.parley.spam.SpamResult;
import org.parley.spam.SpamScore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every post takes (DESIGN §3): parse, screen, archive, and only then answer. Edges
 * (SMTP, web, API, import, approval) build a {@link Submission} and turn the {@link IngestResult}
 * into their protocol's answer; none of them writes the archive itself.
 *
 * <p>{@link #prepare} does everything that can refuse (parse, screen) without writing; {@link
 * #commit} archives the post, or keeps a message the group's chain held for a moderator. An SMTP
 * session with several group recipients prepares them all first, so it can refuse the message whole
 * before anything is committed.
 *
 * <p>Live mail (SMTP and LMTP, the web form, the API) is handed to the site's spam filter in front
 * ({@link SpamGate}) once parsed, before the screen; its finding is read by the {@code spam-refuse}
 * and {@code spam-score} rules and kept with the post or the held message. An import is not, nor an
 * approval, which keeps the finding recorded when the message was held. A filter that cannot be
 * reached asks the sender to try again (SMTP 451 4.7.1, the web 503), unless the site takes
 * unscreened mail ({@code spam_filter_on_failure = accept}).
 */
public final class Ingestor {
  private static final Logger log = LoggerFactory.getLogger(Ingestor.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

  /** A submission that has been screened, and what committing it will do. */
  public sealed interface Prepared {
    /** Passed the screen: its post waits to be archived. */
    record Ready(Submission submission, ArchiveWriter.Staged staged) implements Prepared {
      /** The post to archive. */
      public NewPost post() {
        return staged.post();
      }
    }

    /**
     * Held by the group's chain: waits to be kept for a moderator ({@link HeldMessages}).
     *
     * @param fromAddress the author's address, as the post would be archived from
     * @param hits what the rules found, in the order they ran
     * @param spam what the site's spam filter said of it; empty when none looked at it
     * @param authenticationResults the site's Authentication-Results for the message; empty when
     *     its sender was not checked
     */
    record Hold(
        Submission submission,
        Group group,
        String fromAddress,
        String subject,
        List<RecordedHit> hits,
        Optional<SpamScore> spam,
        String authenticationResults)
        implements Prepared {}

    /** Answered already: refused, discarded or failed; nothing is to be written. */
    record Done(IngestResult result) implements Prepared {}
  }

  private final GroupStore groups;
  private final MemberStore members;
  private final AccountStore accounts;
  private final MessageParser parser;
  private final Screen screen;
  private final ArchiveWriter writer;
  private final ListAddresses addresses;
  private final long maxBytes;
  private final FreeSpace space;
  private final Quarantine quarantine;
  private final HeldMessages held;
  private final CopySize copySize;
  private final long copyLimit;
  private final SpamGate spamGate;
  private final SenderAuthenticator authenticator;
  private final String domain;
  // messages in quarantine that their senders are still retrying (Quarantine.key)
  private final Set<String> retried = ConcurrentHashMap.newKeySet();

  /**
   * Authors as an import found them, by group and address: an archive has thousands of posts from a
   * few hundred people, and asking the store twice for each post's author was a quarter of the work
   * of screening it. Kept briefly, so a membership changed meanwhile counts soon after.
   */
  private final Cache<String, Author> importAuthors =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();

  public Ingestor(
      GroupStore groups,
      MemberStore members,
      AccountStore accounts,
      MessageParser parser,
      Screen screen,
      ArchiveWriter writer,
      String domain,
      long maxBytes,
      FreeSpace space,
      Quarantine quarantine,
      HeldMessages held,
      CopySize copySize,
      long copyLimit,
      SpamGate spamGate,
      SenderAuthenticator authenticator) {
    this.groups = groups;
    this.members = members;
    this.accounts = accounts;
    this.parser = parser;
    this.screen = screen;
    this.writer = writer;
    this.addresses = new ListAddresses(domain);
    this.maxBytes = maxBytes;
    this.space = space;
    this.quarantine = quarantine;
    this.held = held;
    this.copySize = copySize;
    this.copyLimit = copyLimit;
    this.spamGate = spamGate;
    this.authenticator = authenticator;
    this.domain = domain;
    this.retried.addAll(quarantine.retriedKeys());
  }

  /**
   * A post whose members' copies would be larger than the relay takes is refused at the door (552
   * 5.3.4), not archived and then refused copy by copy (issue 16, item 15). The door's limit keeps
   * 64 KB for what a copy adds, but a footer makes a text body be re-encoded as quoted-printable,
   * which can grow it by more than that: so a post over a third of the copies' limit (the most
   * quoted-printable can triple it by) is decorated here and measured.
   */
  private Optional<IngestResult> copiesTooLarge(byte[] raw, Group group) {
    if (raw.length <= copyLimit / 3) {
      return Optional.empty();
    }
    long copy;
    try {
      copy = copySize.of(group, raw);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a message the decoration cannot read is the parse's to refuse
    }
    if (copy <= copyLimit) {
      return Optional.empty();
    }
    return Optional.of(
        new IngestResult.Refused(
            552,
            "5.3.4",
            "The message is "
                + Sizes.of(raw.length)
                + ", and each member's copy of it, with the group's footer, would be "
                + Sizes.of(copy)
                + " ("
                + copy
                + " bytes), more than the outgoing mail server takes ("
                + copyLimit
                + " bytes); shorten it, or send large files as a link.",
            "max-size"));
  }

  /**
   * The sentence to show while posting is paused for lack of disk space ({@link FreeSpace}); empty
   * while the site takes posts.
   */
  public Optional<String> paused() {
    return space.paused();
  }

  /** The largest message the site takes on any path; no group may take more. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Parses, screens and archives one submission, returning after the commit. */
  public IngestResult submit(Submission s) {
    return commit(prepare(s));
  }

  /** As {@link #submit(Submission)}, for an edge that has just found the group (LMTP, at RCPT). */
  public IngestResult submit(Submission s, Group group) {
    return commit(prepare(s, group));
  }

  /** Parses and screens; nothing is written. */
  public Prepared prepare(Submission s) {
    Optional<Group> found = groups.find(s.group());
    if (found.isEmpty()) {
      return done(
          new IngestResult.Refused(
              550,
              "5.1.1",
              "There is no group " + addresses.post(s.group()) + " here.",
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
    // an archive's history was taken by its list long ago: the limits of today's copies are moot
    boolean imported = s.source() == Source.IMPORT;
    if (!imported && s.raw().length > maxBytes) {
      return done(
          new IngestResult.Refused(
              552,
              "5.3.4",
              "The message is larger than this site's limit of "
                  + Sizes.of(maxBytes)
                  + " ("
                  + maxBytes
                  + " bytes), which keeps each member's copy within what its outgoing mail"
                  + " server takes; send large files as a link.",
              "max-size"));
    }
    Optional<IngestResult> copiesTooLarge =
        imported ? Optional.empty() : copiesTooLarge(s.raw(), group);
    if (copiesTooLarge.isPresent()) {
      return done(copiesTooLarge.get());
    }
    if (!space.enough(s.raw().length)) {
      // SMTP asked at MAIL already; this is for the other paths, and a disk that filled since
      boolean paused = space.paused().isPresent();
      return done(
          new IngestResult.NoRoom(
              paused
                  ? FreeSpace.REFUSAL
                  : "The site is short of disk space for a message this size just now; please"
                      + " try again later.",
              paused));
    }
    Prepared prepared;
    try {
      prepared = screened(s, group, screen.chainFor(group), List.of(), Optional.empty(), "");
    } catch (Unprocessable e) {
      return done(cannotProcess(s, group, e.getCause()));
    }
    if (!retried.isEmpty() && s.source() == Source.SMTP) {
      forgetFailures(s, group);
    }
    return prepared;
  }

  /**
   * A failure that is not the store's, thrown by the parse or the screen for these bytes: it would
   * come again at every retry.
   */
  private static final class Unprocessable extends Exception {
    Unprocessable(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Parses and screens {@code s}, and builds its post.
   *
   * @param chain the group's chain, as it stands or as for an approval
   * @param kept hits recorded before (those that held a message now approved), stored with the post
   *     before the screen's own of other rules
   * @param keptSpam the spam filter's finding recorded when a message now approved was held, stored
   *     with the post (an approval is not handed to the filter again)
   * @param recorded the Authentication-Results recorded before (when a message now approved was
   *     held), stored with the post; blank for none
   * @throws Unprocessable if that throws for any reason but the store's (see {@link #storage}); a
   *     store's failure is answered as {@link IngestResult.Failed}
   */
  private Prepared screened(
      Submission s,
      Group group,
      Chain chain,
      List<RecordedHit> kept,
      Optional<SpamScore> keptSpam,
      String recorded)
      throws Unprocessable {
    try {
      return parseAndScreen(s, group, chain, kept, keptSpam, recorded);
    } catch (RuntimeException | StackOverflowError e) {
      if (storage(e)) {
        log.error("could not read the store while taking a message to {}", s.group(), e);
        return done(
            new IngestResult.Failed("The archive could not be reached; please try again later."));
      }
      throw new Unprocessable(e);
    }
  }

  /**
   * The author's membership of the group, and their account when they are not a member (a member's
   * row holds their account's id and name).
   */
  private record Author(Optional<Member> member, Optional<Account> account) {}

  private Author lookUp(Group group, EmailAddress address) {
    Optional<Member> member = members.find(group.id(), address);
    return new Author(member, member.isPresent() ? Optional.empty() : accounts.find(address));
  }

  private Prepared parseAndScreen(
      Submission s,
      Group group,
      Chain chain,
      List<RecordedHit> kept,
      Optional<SpamScore> keptSpam,
      String recorded) {
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
    Optional<SpamResult> filtered = Optional.empty();
    if (filtered(s.source())) {
      switch (spamGate.check(s.raw(), arrival(s, m), String.valueOf(m.messageId()))) {
        case SpamGate.Outcome.Scored scored -> filtered = Optional.of(scored.result());
        case SpamGate.Outcome.Unscreened u -> {}
        case SpamGate.Outcome.Unavailable u -> {
          return done(new IngestResult.Failed(SpamGate.UNREACHABLE, "4.7.1"));
        }
      }
    }
    Optional<SpamScore> spam = filtered.map(SpamResult::recorded).or(() -> keptSpam);
    Mailbox from = s.source() == Source.IMPORT ? beforeGroupsRewriting(m) : m.from();
    Optional<EmailAddress> author = authorOf(from, s.envelope());
    // an import looks each author up once; live mail asks for the account only once accepted
    Optional<Author> imported =
        s.source() == Source.IMPORT
            ? author.map(
                a -> importAuthors.get(group.id() + " " + a.value(), k -> lookUp(group, a)))
            : Optional.empty();
    Optional<Member> sender =
        imported.isPresent()
            ? imported.get().member()
            : author.flatMap(a -> members.find(group.id(), a));
    Optional<SenderAuthentication> authentication = authenticate(s, author);
    String authenticationResults =
        authentication.map(a -> a.header(domain)).orElse(recorded == null ? "" : recorded);
    Screening screening =
        new Screening(
            m,
            s.envelope().mailFrom(),
            s.raw().length,
            group,
            sender,
            addresses.listId(group.name()),
            addresses.post(group.name()),
            s.source() == Source.IMPORT,
            filtered,
            authentication);
    String fromAddress = author.map(EmailAddress::value).orElse(from == null ? "" : from.address());
    List<RecordedHit> hits;
    switch (screen.screen(screening, chain)) {
      case Verdict.Reject r -> {
        log.info("refused {} to {} by rule {}: {}", m.messageId(), s.group(), r.rule(), r.reason());
        return done(new IngestResult.Refused(r.code(), r.status(), r.reason(), r.rule()));
      }
      case Verdict.Discard d -> {
        log.info("dropped {} to {} by rule {}: {}", m.messageId(), s.group(), d.rule(), d.reason());
        return done(new IngestResult.Discarded(d.rule(), d.reason()));
      }
      case Verdict.Hold h -> {
        return new Prepared.Hold(
            s,
            group,
            fromAddress,
            m.subject() == null ? "" : m.subject(),
            h.hits().stream().map(RecordedHit::of).toList(),
            spam,
            authenticationResults);
      }
      case Verdict.Accept a -> hits = withKept(kept, a.hits());
    }
    String fromName = from == null ? "" : from.name();
    // a member's row holds their account's id and name; only others need the accounts looked up
    Optional<Account> other =
        sender.isPresent()
            ? Optional.empty()
            : imported.isPresent() ? imported.get().account() : author.flatMap(accounts::find);
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
            Mailbox.line(m.to()),
            Mailbox.line(m.cc()),
            m.text(),
            m.html(),
            attachments,
            String.join("\n", m.defects()),
            s.source().id(),
            s.source().distributes(),
            hits.stream().map(h -> new NewPost.RuleHit(h.rule(), h.reason())).toList(),
            spam,
            authenticationResults);
    // staged here, where an import parses on every core, not in its one-at-a-time hand-over
    return new Prepared.Ready(s, ArchiveWriter.stage(post));
  }

  /**
   * Checks who sent a message that came by mail (SMTP or LMTP) from a client whose address is
   * known: SPF, DKIM and DMARC for the domain of its author ({@link SenderAuthenticator}). Nothing
   * else is checked: a post from the web was made by a signed-in person, an import's history was
   * judged where it was first posted, and an approval keeps what was recorded when it was held.
   */
  private Optional<SenderAuthentication> authenticate(Submission s, Optional<EmailAddress> author) {
    if (s.source() != Source.SMTP || !authenticator.on()) {
      return Optional.empty();
    }
    String authorDomain = author.map(EmailAddress::domain).orElse("");
    return authenticator.check(
        s.envelope().client(), s.envelope().helo(), s.envelope().mailFrom(), authorDomain, s.raw());
  }

  /**
   * The hits to store with a post: those {@code kept} from before (what held an approved message),
   * then the screen's own of any other rule.
   */
  private static List<RecordedHit> withKept(List<RecordedHit> kept, List<Check.Hit> found) {
    if (kept.isEmpty()) {
      return found.isEmpty() ? List.of() : found.stream().map(RecordedHit::of).toList();
    }
    List<RecordedHit> out = new ArrayList<>(kept);
    for (Check.Hit hit : found) {
      if (kept.stream().noneMatch(k -> k.rule().equals(hit.rule()))) {
        out.add(RecordedHit.of(hit));
      }
    }
    return out;
  }

  /**
   * What a sender is told when {@code s} cannot be processed. Mail is recorded in the {@link
   * Quarantine}: the sender is asked to try again until it has failed there {@link
   * Quarantine#ATTEMPTS} times, and is then told it was taken, for it is held on disk for the
   * operators. Other paths (the web) are answered that it failed: their person is there to try
   * again.
   */
  private IngestResult cannotProcess(Submission s, Group group, Throwable e) {
    if (s.source() != Source.SMTP) {
      log.error("could not process a {} post to {}", s.source().id(), s.group(), e);
      return new IngestResult.Failed(
          "The post could not be processed; the site's operators can find why in its log."
              + " Please try again later.");
    }
    Quarantine.Entry entry;
    try {
      entry = quarantine.record(s, group.id(), e);
    } catch (IOException | RuntimeException stored) {
      e.addSuppressed(stored);
      log.error(
          "could not process a message to {} from {}, nor keep it in quarantine; the sender"
              + " should retry",
          s.group(),
          s.envelope().mailFrom(),
          e);
      return new IngestResult.Failed(
          "The message could not be processed just now; please try again later.");
    }
    String key = Quarantine.key(group.id(), entry.rawSha256());
    if (entry.held()) {
      retried.remove(key);
      log.error(
          "quarantine {}: a message to {} from {} failed {} times and is held for the operators"
              + " (parley quarantine show {}): {}",
          entry.id(),
          s.group(),
          s.envelope().mailFrom(),
          entry.failures(),
          entry.id(),
          entry.summary());
      return new IngestResult.Quarantined(entry.id());
    }
    retried.add(key);
    log.error(
        "quarantine {}: a message to {} from {} could not be processed (failure {} of {});"
            + " the sender is asked to try again",
        entry.id(),
        s.group(),
        s.envelope().mailFrom(),
        entry.failures(),
        Quarantine.ATTEMPTS,
        e);
    return new IngestResult.Failed(
        "The message could not be processed; it is kept for the site's operators. Please try"
            + " again later.");
  }

  /** A message that failed before went through: its failures need no operator. */
  private void forgetFailures(Submission s, Group group) {
    String sha = BlobStore.sha256(s.raw());
    String key = Quarantine.key(group.id(), sha);
    if (!retried.contains(key)) {
      return;
    }
    try {
      quarantine.passed(group.id(), sha);
      retried.remove(key);
    } catch (RuntimeException e) {
      log.warn(
          "could not clear the quarantine's record of a message that now passed: {}", e.toString());
    }
  }

  /**
   * Runs a quarantined message through the path again, once the cause of its failure is fixed: as
   * mail from its original envelope, to its group. The entry is removed once the message is
   * archived (or discarded by a rule); if a rule refuses it, or it fails again, it stays, with the
   * new error recorded.
   *
   * @throws IllegalArgumentException if there is no such entry
   */
  public IngestResult release(long id) {
    Quarantine.Entry entry =
        quarantine
            .find(id)
            .orElseThrow(() -> new IllegalArgumentException("no message " + id + " in quarantine"));
    Group group =
        groups
            .findById(entry.groupId())
            .orElseThrow(() -> new IllegalStateException("the group of entry " + id + " is gone"));
    byte[] raw;
    try {
      raw = quarantine.raw(entry);
    } catch (IOException e) {
      return new IngestResult.Failed("Its bytes cannot be read from the blob store: " + e);
    }
    Submission s = new Submission(group.name(), raw, entry.envelope(), Source.SMTP);
    Prepared prepared;
    try {
      prepared = screened(s, group, screen.chainFor(group), List.of(), Optional.empty(), "");
    } catch (Unprocessable e) {
      quarantine.failedAgain(id, e.getCause());
      return new IngestResult.Failed("It still cannot be processed: " + e.getCause());
    }
    IngestResult result = commit(prepared);
    if (result instanceof IngestResult.Accepted
        || result instanceof IngestResult.Discarded
        || result instanceof IngestResult.Held) {
      quarantine.remove(id);
      log.info("quarantine {}: released to {}: {}", id, group.name(), result);
    }
    return result;
  }

  /**
   * Whether {@code e} comes from the database (the lookups of the sender), which a retry may cure;
   * the parse and the screen read nothing else.
   */
  static boolean storage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException || t instanceof JdbiException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Commits a prepared submission: archives a post, or keeps a held message for a moderator, and
   * returns once that is committed (or failed); a submission already answered returns its answer.
   */
  public IngestResult commit(Prepared prepared) {
    return switch (prepared) {
      case Prepared.Done d -> d.result();
      case Prepared.Ready r -> archive(r);
      case Prepared.Hold h -> hold(h);
    };
  }

  /**
   * Keeps a held message for a moderator: bytes and row committed before the sender is told it was
   * taken (DESIGN §3 step 4).
   */
  private IngestResult hold(Prepared.Hold h) {
    Submission s = h.submission();
    try {
      HeldMessages.Held kept =
          held.hold(
              h.group().id(),
              s.raw(),
              new HeldMessages.Origin(
                  s.envelope().mailFrom(),
                  s.envelope().recipients(),
                  s.envelope().remote(),
                  s.source().id()),
              h.fromAddress(),
              h.subject(),
              h.hits(),
              h.spam(),
              h.authenticationResults());
      log.info(
          "held a message to {} from {} for a moderator as {} (parley held list): {}",
          s.group(),
          h.fromAddress(),
          kept.id(),
          h.hits().stream().map(RecordedHit::rule).toList());
      return new IngestResult.Held(kept.id());
    } catch (IOException | RuntimeException e) {
      if (FreeSpace.full(e)) {
        space.refused(e);
        return new IngestResult.NoRoom(FreeSpace.REFUSAL, true);
      }
      log.error("could not keep a held message to {}; the sender should retry", s.group(), e);
      return new IngestResult.Failed(
          "The message could not be kept for the group's moderators; please try again later.");
    }
  }

  /**
   * Takes a held message through the path again as approved by a moderator ({@link
   * Source#APPROVAL}): the group's chain holds nothing this time, nor acts on the rules whose hits
   * the moderator saw ({@link Chain#approved}), and those hits are stored with the post. Once it is
   * archived (or discarded by a rule) it leaves the held messages; if a rule refuses it now, or it
   * fails, it stays held.
   *
   * @throws IllegalArgumentException if there is no such held message
   */
  public IngestResult approve(long id) {
    HeldMessages.Held h =
        held.find(id).orElseThrow(() -> new IllegalArgumentException("no held message " + id));
    Group group =
        groups
            .findById(h.groupId())
            .orElseThrow(
                () -> new IllegalStateException("the group of held message " + id + " is gone"));
    byte[] raw;
    try {
      raw = held.raw(h);
    } catch (IOException e) {
      return new IngestResult.Failed("Its bytes cannot be read from the blob store: " + e);
    }
    Submission s =
        new Submission(
            group.name(),
            raw,
            new Envelope(h.origin().mailFrom(), h.origin().recipients(), h.origin().remote()),
            Source.APPROVAL);
    Prepared prepared;
    try {
      Set<String> seen =
          h.hits().stream().map(RecordedHit::rule).collect(Collectors.toUnmodifiableSet());
      prepared =
          screened(
              s,
              group,
              screen.chainFor(group).approved(seen),
              h.hits(),
              h.spam(),
              h.authenticationResults());
    } catch (Unprocessable e) {
      log.error("could not process held message {} to {}", id, group.name(), e.getCause());
      return new IngestResult.Failed("It cannot be processed: " + e.getCause());
    }
    IngestResult result = commit(prepared);
    if (result instanceof IngestResult.Accepted || result instanceof IngestResult.Discarded) {
      held.remove(id);
      log.info("held message {}: approved for {}: {}", id, group.name(), result);
    }
    return result;
  }

  /**
   * As {@link #commit}, without waiting: a post that passed the screen is handed to the archive's
   * next group commit, and the future completes once it is committed (or failed). An import hands
   * many posts over this way, in the order of its files, so the archive commits them in groups; a
   * held message is kept before this returns.
   */
  public CompletableFuture<IngestResult> commitLater(Prepared prepared) {
    if (!(prepared instanceof Prepared.Ready r)) {
      return CompletableFuture.completedFuture(commit(prepared));
    }
    return writer
        .archive(r.staged())
        .orTimeout(COMMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .handle(
            (a, failure) ->
                failure == null
                    ? archived(r, a)
                    : notArchived(
                        r, failure instanceof CompletionException c ? c.getCause() : failure));
  }

  /** Archives a post that passed the screen; returns once it is committed (or failed). */
  private IngestResult archive(Prepared.Ready r) {
    try {
      Archived a = writer.archive(r.staged()).get(COMMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return archived(r, a);
    } catch (ExecutionException | TimeoutException e) {
      return notArchived(r, e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IngestResult.Failed("The server is shutting down; please try again later.");
    }
  }

  private static IngestResult archived(Prepared.Ready r, Archived a) {
    if (r.submission().source() == Source.IMPORT) {
      // an import reports its counts in its summary; a line per post would drown the log
      log.debug("imported {} to {}: {}", r.post().messageId(), r.submission().group(), a);
    } else if (a.duplicate()) {
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
  }

  private IngestResult notArchived(Prepared.Ready r, Throwable cause) {
    if (FreeSpace.full(cause)) {
      // nothing was committed (the transaction rolled back); pause until there is room
      space.refused(cause);
      log.warn(
          "could not archive {} to {}: the disk is full; the sender is asked to retry",
          r.post().messageId(),
          r.submission().group());
      return new IngestResult.NoRoom(FreeSpace.REFUSAL, true);
    }
    log.error(
        "could not archive {} to {}; the sender should retry",
        r.post().messageId(),
        r.submission().group(),
        cause);
    return new IngestResult.Failed(
        "The archive could not store the message; please try again later.");
  }

  /**
   * Google Groups rewrites the From of mail from domains with a strict DMARC policy to {@code
   * 'Name' via Group <group@googlegroups.com>} and keeps the author in {@code X-Original-From}: an
   * imported archive's post is shown as its author's, as it was written. Only a From in that form
   * is undone, so an X-Original-From elsewhere changes nothing.
   */
  private static Mailbox beforeGroupsRewriting(ParsedMessage m) {
    if (m.from() == null || !VIA_GROUP.matcher(m.from().name()).matches()) {
      return m.from();
    }
    return m.headers().stream()
        .filter(h -> h.name().equalsIgnoreCase("X-Original-From"))
        .findFirst()
        .flatMap(h -> Mailbox.first(h.value()))
        .orElse(m.from());
  }

  private static final java.util.regex.Pattern VIA_GROUP =
      java.util.regex.Pattern.compile("(?s).+ via .+");

  private static Optional<EmailAddress> authorOf(Mailbox from, Envelope e) {
    if (from != null && EmailAddress.isValid(from.address())) {
      return Optional.of(EmailAddress.of(from.address()));
    }
    if (EmailAddress.isValid(e.mailFrom())) {
      return Optional.of(EmailAddress.of(e.mailFrom()));
    }
    return Optional.empty();
  }

  /** Whether mail from {@code source} is handed to the spam filter: live mail, as it comes. */
  private static boolean filtered(Source source) {
    return source == Source.SMTP || source == Source.WEB || source == Source.API;
  }

  /** What the spam filter is told of how {@code s} came. */
  private static Arrival arrival(Submission s, ParsedMessage m) {
    return new Arrival(
        s.envelope().mailFrom(),
        s.envelope().recipients(),
        ipOf(s.envelope().remote()),
        s.envelope().helo(),
        m.messageId() == null ? "" : m.messageId());
  }

  /**
   * The client's IP address in an envelope's {@code remote}: an SMTP client's socket address
   * ({@code /192.0.2.1:40312}, {@code host/[2001:db8::1]:40312}) or a web client's ({@code web
   * 192.0.2.1}); empty when it holds none.
   */
  static String ipOf(String remote) {
    String r = remote.strip();
    if (r.startsWith("web ")) {
      r = r.substring(4).strip();
    }
    int slash = r.lastIndexOf('/');
    if (slash >= 0) {
      r = r.substring(slash + 1);
    }
    if (r.startsWith("[")) {
      int close = r.indexOf(']');
      r = close < 0 ? "" : r.substring(1, close);
    } else if (r.indexOf(':') >= 0 && r.indexOf(':') == r.lastIndexOf(':')) {
      r = r.substring(0, r.indexOf(':'));
    }
    return r.matches("[0-9A-Fa-f:.]+") ? r : "";
  }

  private static Prepared done(IngestResult r) {
    return new Prepared.Done(r);
  }
}
