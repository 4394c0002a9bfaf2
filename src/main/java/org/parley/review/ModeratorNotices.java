package org.parley.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.crypto.Tokens;
import org.parley.db.Database;
import org.parley.delivery.OutgoingMail;
import org.parley.group.Confirmations;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.PermanentJobFailure;
import org.parley.mailtext.MailTexts;
import org.parley.mailtext.ModeratorNotice;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a group's moderators that messages wait for them: the job {@value HeldMessages#NOTICE_JOB},
 * which {@link HeldMessages} queues with each message it holds. A group's moderators (its active
 * owners and managers, or the site admins when it has none) get at most one notice an hour (table
 * {@code moderator_notices}): a message held within the hour after a notice waits for the next,
 * which the job schedules for the hour's end, so two messages held minutes apart make one notice
 * now and one an hour later, not two now. A notice lists every message that waits, new ones marked,
 * each with its reasons and the address a reply to which decides it.
 *
 * <p>Each moderator gets a notice of their own: the reply addresses ({@code
 * <group>-confirm+<token>@}) carry tokens ({@link Confirmations}, action {@value
 * HeldDecisions#CONFIRM_ACTION}, the held message's id as subject) issued to that moderator's
 * address alone, which live as long as the message may wait. With a single message waiting, the
 * notice's Reply-To is its address, so a plain reply decides it. The notices are queued as {@link
 * OutgoingMail}, together with the record of the sending, in one transaction; two runs at once for
 * one group send once (the record is updated only where it is as the run read it).
 */
public final class ModeratorNotices implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(ModeratorNotices.class);

  /** The least time between two notices to one group's moderators. */
  public static final Duration EVERY = Duration.ofHours(1);

  private static final int ATTEMPTS = 10;

  private final Jdbi jdbi;
  private final JobQueue jobs;
  private final HeldMessages held;
  private final GroupStore groups;
  private final MemberStore members;
  private final AccountStore accounts;
  private final Confirmations confirmations;
  private final OutgoingMail outgoing;
  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;
  private final Clock clock;
  private final MailTexts texts = new MailTexts();
  private final MessageComposer composer = new MessageComposer();

  public ModeratorNotices(
      Database db,
      JobQueue jobs,
      HeldMessages held,
      GroupStore groups,
      MemberStore members,
      AccountStore accounts,
      Confirmations confirmations,
      OutgoingMail outgoing,
      String domain,
      Supplier<String> baseUrl,
      Clock clock) {
    this.jdbi = db.jdbi();
    this.jobs = jobs;
    this.held = held;
    this.groups = groups;
    this.members = members;
    this.accounts = accounts;
    this.confirmations = confirmations;
    this.outgoing = outgoing;
    this.addresses = new ListAddresses(domain);
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return HeldMessages.NOTICE_JOB;
  }

  /** When the group's moderators were last told, and when the next notice is scheduled. */
  private record Sent(Instant last, Optional<Instant> next) {}

  @Override
  public Completion run(Job job) throws PermanentJobFailure {
    long groupId;
    try {
      groupId = Long.parseLong(job.payload());
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure("not a group id: " + job.payload());
    }
    Optional<Group> found = groups.findById(groupId);
    if (found.isEmpty()) {
      return Completion.DONE;
    }
    Group group = found.get();
    Instant now = clock.instant();
    Optional<Sent> sent = jdbi.withHandle(h -> sent(h, groupId));
    if (sent.isPresent() && now.isBefore(sent.get().last().plus(EVERY))) {
      waitForTheHour(groupId, sent.get(), now);
      return Completion.DONE;
    }
    List<Long> fresh = jdbi.withHandle(h -> held.unnotified(h, groupId));
    if (fresh.isEmpty()) {
      return Completion.DONE;
    }
    List<HeldMessages.Held> waiting = held.list(Optional.of(group.name()));
    Map<String, EmailAddress> moderators = moderators(group);
    if (moderators.isEmpty()) {
      log.warn(
          "{}: {} message(s) wait for a moderator, but the group has no owner or manager and the"
              + " site no admin to tell",
          group.name(),
          waiting.size());
    }
    List<Notice> notices = new ArrayList<>();
    for (EmailAddress moderator : moderators.values()) {
      notices.add(compose(group, waiting, fresh, moderator, now));
    }
    boolean queued =
        jdbi.inTransaction(
            h -> {
              if (!record(h, groupId, sent, now)) {
                return false; // another run sent it meanwhile
              }
              for (Notice n : notices) {
                outgoing.queue(h, n.messageId(), addresses.bounces(group.name()), n.to(), n.raw());
              }
              held.notified(h, fresh);
              return true;
            });
    if (queued) {
      log.info(
          "{}: told {} moderator(s) that {} message(s) wait ({} new)",
          group.name(),
          notices.size(),
          waiting.size(),
          fresh.size());
    }
    return Completion.DONE;
  }

  /**
   * Within the hour after a notice: makes sure a run is scheduled for the hour's end, once (a run
   * that finds one scheduled leaves it).
   */
  private void waitForTheHour(long groupId, Sent sent, Instant now) {
    Instant due = sent.last().plus(EVERY);
    if (sent.next().isPresent() && sent.next().get().isAfter(now)) {
      return;
    }
    jdbi.useTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE moderator_notices SET next_at = :due WHERE group_id = :g AND"
                          + " (next_at IS NULL OR next_at <= :now)")
                  .bind("due", due.toEpochMilli())
                  .bind("g", groupId)
                  .bind("now", now.toEpochMilli())
                  .execute();
          if (n > 0) {
            jobs.enqueueAt(h, kind(), Long.toString(groupId), ATTEMPTS, due);
          }
        });
  }

  private static Optional<Sent> sent(Handle h, long groupId) {
    return h.createQuery("SELECT last_sent_at, next_at FROM moderator_notices WHERE group_id = :g")
        .bind("g", groupId)
        .map(
            (rs, ctx) -> {
              long next = rs.getLong("next_at");
              return new Sent(
                  Instant.ofEpochMilli(rs.getLong("last_sent_at")),
                  rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next)));
            })
        .findOne();
  }

  /**
   * Records a notice sent at {@code now}, where the record is still as {@code before} read it;
   * false when another run changed it first.
   */
  private static boolean record(Handle h, long groupId, Optional<Sent> before, Instant now) {
    if (before.isEmpty()) {
      return h.createUpdate(
                  "INSERT INTO moderator_notices (group_id, last_sent_at) VALUES (:g, :now) ON"
                      + " CONFLICT (group_id) DO NOTHING")
              .bind("g", groupId)
              .bind("now", now.toEpochMilli())
              .execute()
          > 0;
    }
    return h.createUpdate(
                "UPDATE moderator_notices SET last_sent_at = :now, next_at = NULL WHERE group_id ="
                    + " :g AND last_sent_at = :last")
            .bind("g", groupId)
            .bind("now", now.toEpochMilli())
            .bind("last", before.get().last().toEpochMilli())
            .execute()
        > 0;
  }

  /**
   * The addresses to tell, by lower-case key: the group's active owners and managers, or the site
   * admins when it has none; never one of this site's own domain (a loop).
   */
  private Map<String, EmailAddress> moderators(Group group) {
    Map<String, EmailAddress> out = new LinkedHashMap<>();
    for (Member m : members.list(group.id())) {
      if (m.active() && m.canModerate()) {
        out.putIfAbsent(m.email().key(), m.email());
      }
    }
    if (out.isEmpty()) {
      accounts.siteAdmins().forEach(a -> out.putIfAbsent(a.email().key(), a.email()));
    }
    out.values().removeIf(a -> addresses.isOurs(a.domain()));
    return out;
  }

  /** One moderator's notice, composed. */
  private record Notice(String messageId, List<String> to, byte[] raw) {}

  private Notice compose(
      Group group,
      List<HeldMessages.Held> waiting,
      List<Long> fresh,
      EmailAddress moderator,
      Instant now) {
    List<ModeratorNotice.Waiting> items = new ArrayList<>();
    for (HeldMessages.Held h : waiting) {
      Instant expires = h.heldAt().plus(Duration.ofDays(group.heldDays()));
      Duration lives = Duration.between(now, expires);
      String token =
          confirmations.issue(
              group.id(),
              HeldDecisions.CONFIRM_ACTION,
              Long.toString(h.id()),
              moderator.value(),
              lives.compareTo(EVERY) < 0 ? EVERY : lives);
      items.add(
          new ModeratorNotice.Waiting(
              h.fromAddress().isBlank() ? "(no address)" : h.fromAddress(),
              h.subject().isBlank() ? "(no subject)" : h.subject(),
              h.hits().stream().map(RecordedHit::reason).toList(),
              addresses.confirm(group.name(), token),
              fresh.contains(h.id())));
    }
    String text =
        texts.render(
            new ModeratorNotice(
                group.title(),
                addresses.post(group.name()),
                baseUrl.get() + Links.pending(group.name().value()),
                items,
                group.heldDays()));
    String messageId = Tokens.hex(16) + "@" + addresses.domain();
    String subject =
        items.size() == 1
            ? "1 message waits for the moderators of "
                + group.title()
                + ": "
                + items.get(0).subject()
            : items.size() + " messages wait for the moderators of " + group.title();
    byte[] raw =
        composer.compose(
            new Draft(
                messageId,
                now,
                new Mailbox(group.title() + " moderation", addresses.owner(group.name())),
                List.of(new Mailbox("", moderator.value())),
                List.of(),
                items.size() == 1 ? new Mailbox("", items.get(0).replyTo()) : null,
                subject,
                null,
                List.of(),
                text,
                null,
                Map.of("Auto-Submitted", "auto-generated")));
    return new Notice(messageId, List.of(moderator.value()), raw);
  }
}
