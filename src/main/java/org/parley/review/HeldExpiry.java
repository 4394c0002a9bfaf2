package org.parley.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.parley.db.Database;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Confirmations;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.PermanentJobFailure;
import org.parley.moderation.HeldMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a held message nobody decided on within its group's {@link Group#heldDays}: the job {@value
 * HeldMessages#EXPIRY_JOB}, which {@link HeldMessages} queues a day after it holds a message. The
 * job looks at the message's age; a message that may still wait is looked at again the next day, or
 * when it is due if that is sooner, so a group that shortens its wait sees its old messages go
 * within a day. An expired message leaves the queue and the group's audit log records it ({@code
 * expire}); the tokens of the moderators' notices about it end. Its sender is not told: an expired
 * message is dropped silently, as a message nobody looked at may well be spam, and telling its
 * (possibly forged) sender would be backscatter.
 */
public final class HeldExpiry implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(HeldExpiry.class);

  /** Who the audit log says dropped an expired message: the site itself, not a person. */
  static final ChangedBy SITE = new ChangedBy.CommandLine("parley (expiry)");

  private static final int ATTEMPTS = 10;

  private final Jdbi jdbi;
  private final JobQueue jobs;
  private final HeldMessages held;
  private final GroupStore groups;
  private final Confirmations confirmations;
  private final AuditLog audit;
  private final Clock clock;

  public HeldExpiry(
      Database db,
      JobQueue jobs,
      HeldMessages held,
      GroupStore groups,
      Confirmations confirmations,
      AuditLog audit,
      Clock clock) {
    this.jdbi = db.jdbi();
    this.jobs = jobs;
    this.held = held;
    this.groups = groups;
    this.confirmations = confirmations;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return HeldMessages.EXPIRY_JOB;
  }

  @Override
  public Completion run(Job job) throws PermanentJobFailure {
    long id;
    try {
      id = Long.parseLong(job.payload());
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure("not a held message's id: " + job.payload());
    }
    Optional<HeldMessages.Held> found = held.find(id);
    if (found.isEmpty()) {
      return Completion.DONE; // decided already
    }
    HeldMessages.Held h = found.get();
    Optional<Group> group = groups.findById(h.groupId());
    if (group.isEmpty()) {
      return Completion.DONE;
    }
    int days = group.get().heldDays();
    Instant due = h.heldAt().plus(Duration.ofDays(days));
    Instant now = clock.instant();
    if (now.isBefore(due)) {
      Instant next = now.plus(HeldMessages.EXPIRY_LOOK);
      Instant at = due.isBefore(next) ? due : next;
      jdbi.useTransaction(tx -> jobs.enqueueAt(tx, kind(), Long.toString(id), ATTEMPTS, at));
      return Completion.DONE;
    }
    boolean removed =
        jdbi.inTransaction(
            tx -> {
              if (!held.remove(tx, id)) {
                return false;
              }
              audit.action(
                  tx,
                  h.groupId(),
                  SITE,
                  "expire",
                  "held message "
                      + id
                      + " from "
                      + h.fromAddress()
                      + ": "
                      + (h.subject().isBlank() ? "(no subject)" : h.subject()),
                  "dropped after " + days + (days == 1 ? " day" : " days") + " unapproved");
              return true;
            });
    if (removed) {
      confirmations.revoke(h.groupId(), HeldDecisions.CONFIRM_ACTION, Long.toString(id));
      log.info(
          "held message {} to {} from {}: nobody approved it within {} days; dropped, its sender"
              + " not told",
          id,
          h.group(),
          h.fromAddress(),
          days);
    }
    return Completion.DONE;
  }
}
