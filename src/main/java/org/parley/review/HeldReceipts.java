package org.parley.review;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.EmailAddress;
import org.parley.crypto.Tokens;
import org.parley.db.Database;
import org.parley.delivery.OutgoingMail;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.ingest.Source;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.PermanentJobFailure;
import org.parley.mailtext.HeldReceipt;
import org.parley.mailtext.MailTexts;
import org.parley.mime.Draft;
import org.parley.mime.HeaderText;
import org.parley.mime.Limits;
import org.parley.mime.Mailbox;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageComposer;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.parley.moderation.Check;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.parley.moderation.Screening;
import org.parley.moderation.rules.AutoReplyRule;
import org.parley.moderation.rules.AutoSubmittedRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the sender of a held message, once, that it arrived and waits for a moderator: the job
 * {@value HeldMessages#RECEIPT_JOB}, queued with each held message. Such a notice goes to an
 * address the site did not choose, so it is sent only where it cannot be backscatter:
 *
 * <ul>
 *   <li>only for mail that came by SMTP (a web poster sees the page say so) and was taken (a held
 *       message was answered 250; a refused one never gets here);
 *   <li>never to an empty return path ({@code MAIL FROM:<>}, RFC 5321 §4.5.5) or one that is not an
 *       address;
 *   <li>only when the return path and the From address are the same address: the alignment the site
 *       can check without DKIM or SPF of its own. A forged From under someone else's envelope gets
 *       no notice, nor one under a forged envelope whose From differs;
 *   <li>never for mail that looks automated, by the rules that refuse it ({@code auto-submitted}'s
 *       headers, {@code auto-reply}'s stacked subject prefixes), nor for mail a spam filter held
 *       ({@code spam-score}): spam's senders are forged;
 *   <li>at most once a day per sender and group (table {@code held_receipts}), however much they
 *       send.
 * </ul>
 *
 * The notice comes from the group's owner address, with {@code <group>-bounces@} as its return path
 * and {@code Auto-Submitted: auto-replied} (RFC 3834 §5); its text is {@code
 * mail/held-receipt.jte}.
 */
public final class HeldReceipts implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(HeldReceipts.class);

  /** The least time between two notices to one sender about one group. */
  public static final Duration EVERY = Duration.ofDays(1);

  private final Jdbi jdbi;
  private final HeldMessages held;
  private final GroupStore groups;
  private final OutgoingMail outgoing;
  private final ListAddresses addresses;
  private final Clock clock;
  private final MailTexts texts = new MailTexts();
  private final MessageComposer composer = new MessageComposer();

  public HeldReceipts(
      Database db,
      HeldMessages held,
      GroupStore groups,
      OutgoingMail outgoing,
      String domain,
      Clock clock) {
    this.jdbi = db.jdbi();
    this.held = held;
    this.groups = groups;
    this.outgoing = outgoing;
    this.addresses = new ListAddresses(domain);
    this.clock = clock;
  }

  @Override
  public String kind() {
    return HeldMessages.RECEIPT_JOB;
  }

  @Override
  public Completion run(Job job) throws IOException, PermanentJobFailure {
    long id;
    try {
      id = Long.parseLong(job.payload());
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure("not a held message's id: " + job.payload());
    }
    Optional<HeldMessages.Held> found = held.find(id);
    if (found.isEmpty()) {
      return Completion.DONE; // decided already: nothing waits
    }
    HeldMessages.Held h = found.get();
    Optional<Group> group = groups.findById(h.groupId());
    if (group.isEmpty()) {
      return Completion.DONE;
    }
    byte[] raw = held.raw(h);
    Optional<String> why = untold(h, group.get(), raw);
    if (why.isPresent()) {
      log.info(
          "held message {} to {}: its sender is not told it waits: {}", id, h.group(), why.get());
      return Completion.DONE;
    }
    EmailAddress to = EmailAddress.of(h.origin().mailFrom());
    String messageId = Tokens.hex(16) + "@" + addresses.domain();
    byte[] notice = notice(group.get(), h, to, messageId, raw);
    Instant now = clock.instant();
    boolean sent =
        jdbi.inTransaction(
            tx -> {
              int claimed =
                  tx.createUpdate(
                          "UPDATE held_receipts SET sent_at = :now WHERE group_id = :g AND address"
                              + " = :a AND sent_at <= :since")
                      .bind("now", now.toEpochMilli())
                      .bind("g", h.groupId())
                      .bind("a", to.key())
                      .bind("since", now.minus(EVERY).toEpochMilli())
                      .execute();
              if (claimed == 0) {
                claimed =
                    tx.createUpdate(
                            "INSERT INTO held_receipts (group_id, address, sent_at) VALUES (:g,"
                                + " :a, :now) ON CONFLICT (group_id, address) DO NOTHING")
                        .bind("now", now.toEpochMilli())
                        .bind("g", h.groupId())
                        .bind("a", to.key())
                        .execute();
              }
              if (claimed == 0) {
                return false; // told within the day
              }
              outgoing.queue(
                  tx, messageId, addresses.bounces(h.group()), List.of(to.value()), notice);
              return true;
            });
    log.info(
        "held message {} to {}: {}",
        id,
        h.group(),
        sent
            ? "its sender " + to.value() + " is told it waits, in <" + messageId + ">"
            : "its sender was told within the day that a message waits; not again");
    return Completion.DONE;
  }

  /** Why the sender of {@code h} is not to be told, if they are not. */
  private Optional<String> untold(HeldMessages.Held h, Group group, byte[] raw) {
    if (!h.origin().source().equals(Source.SMTP.id())) {
      return Optional.of("it came by " + h.origin().source() + ", not by mail");
    }
    String mailFrom = h.origin().mailFrom();
    if (mailFrom.isBlank()) {
      return Optional.of("it came with an empty return path (a bounce or automatic mail)");
    }
    if (!EmailAddress.isValid(mailFrom) || !EmailAddress.isValid(h.fromAddress())) {
      return Optional.of("it names no address to answer");
    }
    if (!EmailAddress.of(mailFrom).key().equals(EmailAddress.of(h.fromAddress()).key())) {
      return Optional.of(
          "its return path " + mailFrom + " is not its From address " + h.fromAddress());
    }
    if (h.hits().stream().map(RecordedHit::rule).anyMatch("spam-score"::equals)) {
      return Optional.of("a spam filter held it");
    }
    if (h.hits().stream().map(RecordedHit::rule).anyMatch("dmarc-moderation"::equals)) {
      // the From is likely forged: a receipt would tell the member whose address was used
      return Optional.of("its author's domain did not vouch for it (DMARC)");
    }
    ParsedMessage m;
    try {
      m = new MessageParser(Limits.defaults().withMaxBytes(Math.max(raw.length, 1024))).parse(raw);
    } catch (MalformedMessageException | RuntimeException e) {
      return Optional.of("it cannot be read: " + e.getMessage());
    }
    Screening s =
        new Screening(
            m,
            mailFrom,
            raw.length,
            group,
            Optional.empty(),
            addresses.listId(group.name()),
            addresses.post(group.name()),
            false);
    if (new AutoSubmittedRule().check(s) instanceof Check.Hit hit) {
      return Optional.of("it looks automated: " + hit.reason());
    }
    if (AutoReplyRule.stackedAutoPrefix(m.subject())) {
      return Optional.of("it looks like an automatic reply: " + m.subject());
    }
    return Optional.empty();
  }

  private byte[] notice(
      Group group, HeldMessages.Held h, EmailAddress to, String messageId, byte[] raw) {
    String subject = h.subject().isBlank() ? "(no subject)" : h.subject();
    String owner = addresses.owner(group.name());
    String text =
        texts.render(
            new HeldReceipt(
                group.title(), addresses.post(group.name()), subject, group.heldDays(), owner));
    String original = HeaderText.field(raw, "Message-ID").replaceAll("^<|>$", "").strip();
    return composer.compose(
        new Draft(
            messageId,
            clock.instant(),
            new Mailbox(group.title() + " moderators", owner),
            List.of(new Mailbox("", to.value())),
            List.of(),
            null,
            "Waiting for a moderator: " + subject,
            original.isBlank() ? null : original,
            original.isBlank() ? List.of() : List.of(original),
            text,
            null,
            Map.of("Auto-Submitted", "auto-replied")));
  }
}
