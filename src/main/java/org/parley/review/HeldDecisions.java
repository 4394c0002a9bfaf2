package org.parley.review;

import java.io.IOException;
import java.util.Optional;
import org.parley.account.EmailAddress;
import org.parley.delivery.RejectionNotice;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Confirmations;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Ingestor;
import org.parley.member.Bans;
import org.parley.moderation.AllowedSenders;
import org.parley.moderation.HeldMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a moderator can do with a held message, the same on every path (the queue's page, {@code
 * parley held}, a reply to the moderators' notice): approve it, approve it and always allow its
 * sender, reject it with a reason mailed to the sender, discard it, or ban its sender and discard
 * it. Each decision is recorded in the group's {@link AuditLog} (actions {@code approve}, {@code
 * reject}, {@code discard}, {@code allow-sender}, {@code ban}) once it is made, and ends the tokens
 * of the moderators' notices about the message ({@link Confirmations#revoke}), so a reply to an old
 * notice decides nothing twice. A message another moderator has decided already is gone: the
 * methods say so and change nothing.
 */
public final class HeldDecisions {
  private static final Logger log = LoggerFactory.getLogger(HeldDecisions.class);

  /** The {@link Confirmations} action of a token that decides a held message by reply. */
  public static final String CONFIRM_ACTION = "approve-held";

  private final HeldMessages held;
  private final Ingestor ingestor;
  private final RejectionNotice rejections;
  private final Bans bans;
  private final AllowedSenders allowed;
  private final Confirmations confirmations;
  private final AuditLog audit;

  public HeldDecisions(
      HeldMessages held,
      Ingestor ingestor,
      RejectionNotice rejections,
      Bans bans,
      AllowedSenders allowed,
      Confirmations confirmations,
      AuditLog audit) {
    this.held = held;
    this.ingestor = ingestor;
    this.rejections = rejections;
    this.bans = bans;
    this.allowed = allowed;
    this.confirmations = confirmations;
    this.audit = audit;
  }

  /**
   * Approves held message {@code id}: it takes the one path again ({@link Ingestor#approve}).
   *
   * @throws IllegalArgumentException if it is not held (any more)
   */
  public IngestResult approve(long id, ChangedBy by) {
    HeldMessages.Held h =
        held.find(id).orElseThrow(() -> new IllegalArgumentException("no held message " + id));
    IngestResult result = ingestor.approve(id);
    switch (result) {
      case IngestResult.Accepted a ->
          decided(h, by, "approve", a.duplicate() ? "approved: posted before" : "approved: posted");
      case IngestResult.Discarded d ->
          decided(h, by, "approve", "approved: dropped by " + d.rule());
      default -> {} // it stays held: nothing was decided
    }
    return result;
  }

  /**
   * Approves held message {@code id} as {@link #approve} does and, once it is posted, always allows
   * its sender in the group ({@link AllowedSenders}): their later posts skip its moderation holds.
   *
   * @throws IllegalArgumentException if it is not held (any more)
   */
  public IngestResult approveAndAllow(long id, ChangedBy by) {
    HeldMessages.Held h =
        held.find(id).orElseThrow(() -> new IllegalArgumentException("no held message " + id));
    IngestResult result = approve(id, by);
    // an address that may be forged is never allowed: the forger would be allowed with it
    if ((result instanceof IngestResult.Accepted || result instanceof IngestResult.Discarded)
        && EmailAddress.isValid(h.fromAddress())
        && !h.senderUnproven()) {
      allowed.allow(h.groupId(), EmailAddress.of(h.fromAddress()), by);
    }
    return result;
  }

  /**
   * Rejects held message {@code id}, mailing its sender {@code reason} ({@link RejectionNotice}). A
   * message whose sender is not proven ({@link HeldMessages.Held#senderUnproven}) is rejected
   * without mail: the address it names may be someone's who never sent it.
   *
   * @throws IOException if the store would not take it: the message stays held
   */
  public RejectionNotice.Outcome reject(long id, String reason, ChangedBy by) throws IOException {
    Optional<HeldMessages.Held> h = held.find(id);
    if (h.isEmpty()) {
      return new RejectionNotice.Outcome.Gone();
    }
    if (h.get().senderUnproven()) {
      if (!held.remove(id)) {
        return new RejectionNotice.Outcome.Gone();
      }
      decided(
          h.get(), by, "reject", "rejected, untold (its sender may be forged): " + reason.strip());
      return new RejectionNotice.Outcome.Untold(
          "it failed its sender's domain's DMARC check, so its address may be forged");
    }
    RejectionNotice.Outcome outcome = rejections.reject(id, reason);
    if (!(outcome instanceof RejectionNotice.Outcome.Gone)) {
      decided(h.get(), by, "reject", "rejected: " + reason.strip());
    }
    return outcome;
  }

  /** Discards held message {@code id} without telling anyone; false if it was gone. */
  public boolean discard(long id, ChangedBy by) {
    Optional<HeldMessages.Held> h = held.find(id);
    if (h.isEmpty() || !held.remove(id)) {
      return false;
    }
    decided(h.get(), by, "discard", "discarded");
    return true;
  }

  /** What banning a held message's sender did. */
  public sealed interface Banned {
    /** The sender {@code address} is banned and the message discarded. */
    record Done(String address) implements Banned {}

    /** The message names no address to ban; nothing changed. */
    record NoAddress() implements Banned {}

    /** The message was gone (another moderator acted first); nothing changed. */
    record Gone() implements Banned {}

    /**
     * The message's sender is not proven ({@link HeldMessages.Held#senderUnproven}): its address
     * may be forged, so it is not banned; nothing changed.
     */
    record Unproven(String address) implements Banned {}
  }

  /**
   * Bans the sender of held message {@code id} from the group ({@link Bans#ban}, audited as {@code
   * ban}), then discards the message: their later mail is refused at the door.
   */
  public Banned banSender(long id, ChangedBy by) {
    Optional<HeldMessages.Held> h = held.find(id);
    if (h.isEmpty()) {
      return new Banned.Gone();
    }
    if (!EmailAddress.isValid(h.get().fromAddress())) {
      return new Banned.NoAddress();
    }
    if (h.get().senderUnproven()) {
      return new Banned.Unproven(h.get().fromAddress());
    }
    String address = EmailAddress.of(h.get().fromAddress()).key();
    bans.ban(h.get().groupId(), address, "sent a held message: " + subject(h.get()), by);
    discard(id, by);
    return new Banned.Done(address);
  }

  private static String subject(HeldMessages.Held h) {
    return h.subject().isBlank() ? "(no subject)" : h.subject();
  }

  /** Records a decision on {@code h} and ends its notices' tokens. */
  private void decided(HeldMessages.Held h, ChangedBy by, String action, String after) {
    try {
      audit.action(
          h.groupId(),
          by,
          action,
          "held message " + h.id() + " from " + h.fromAddress() + ": " + subject(h),
          after);
    } catch (RuntimeException e) {
      // the decision stands (it is committed); the log line keeps what the audit log could not
      log.warn(
          "held message {} to {}: {} ({}) could not be written to the audit log: {}",
          h.id(),
          h.group(),
          action,
          after,
          e.toString());
    }
    confirmations.revoke(h.groupId(), CONFIRM_ACTION, Long.toString(h.id()));
  }
}
