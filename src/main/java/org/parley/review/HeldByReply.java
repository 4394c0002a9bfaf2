package org.parley.review;

import java.io.IOException;
import java.util.Optional;
import org.parley.account.Account;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.delivery.RejectionNotice;
import org.parley.group.ChangedBy;
import org.parley.group.Confirmations.Confirmation;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;
import org.parley.mailcommand.CommandReply;
import org.parley.mailcommand.ConfirmedAction;
import org.parley.mailcommand.Outcome;
import org.parley.moderation.HeldMessages;

/**
 * A moderator's reply to the moderators' notice ({@link ModeratorNotices}), to the address of one
 * held message ({@code <group>-confirm+<token>@}, action {@value HeldDecisions#CONFIRM_ACTION}):
 * the reply's first line of its own decides, as the notice says.
 *
 * <ul>
 *   <li>{@code approve} (also {@code approved}, {@code yes}, {@code ok}), or nothing written above
 *       the quoted notice: the message is approved ({@link HeldDecisions#approve});
 *   <li>{@code reject <reason>}: rejected, its sender mailed the reason (a reply with no reason
 *       sends a sentence saying none was given);
 *   <li>{@code discard}: dropped, nobody told.
 * </ul>
 *
 * The mail command route has checked that the reply came from the address the token was sent to,
 * and used the token (a second reply does nothing). The decision is recorded in the group's audit
 * log as the moderator's, through their account.
 */
public final class HeldByReply implements ConfirmedAction {
  /** What the sender of a message rejected by a reply with no reason is told. */
  static final String NO_REASON = "The moderator gave no reason.";

  private final HeldDecisions decisions;
  private final HeldMessages held;
  private final AccountStore accounts;

  public HeldByReply(HeldDecisions decisions, HeldMessages held, AccountStore accounts) {
    this.decisions = decisions;
    this.held = held;
    this.accounts = accounts;
  }

  @Override
  public String action() {
    return HeldDecisions.CONFIRM_ACTION;
  }

  /** The first words a reply to the moderators' notice may start with. */
  private static final java.util.Set<String> WORDS =
      java.util.Set.of(
          "", "approve", "approved", "yes", "ok", "reject", "rejected", "discard", "discarded");

  @Override
  public boolean understands(CommandReply reply) {
    return WORDS.contains(reply.firstWord());
  }

  @Override
  public String howToReply() {
    return "Reply with approve (or nothing), reject and a reason, or discard.";
  }

  @Override
  public Outcome confirmed(Group group, Confirmation confirmation, CommandReply reply) {
    long id;
    try {
      id = Long.parseLong(confirmation.subject());
    } catch (NumberFormatException e) {
      return Outcome.refused("This confirmation names no held message; nothing was done.");
    }
    Optional<HeldMessages.Held> h = held.find(id).filter(m -> m.groupId() == group.id());
    if (h.isEmpty()) {
      return Outcome.refused(
          "That message no longer waits: another moderator decided it, or it expired.");
    }
    Optional<Account> moderator =
        EmailAddress.isValid(confirmation.address())
            ? accounts.find(EmailAddress.of(confirmation.address()))
            : Optional.empty();
    if (moderator.isEmpty()) {
      return Outcome.refused(
          "The moderator this notice was sent to has no account here any more; nothing was done.");
    }
    ChangedBy by = new ChangedBy.SignedIn(moderator.get().id());
    String subject = h.get().subject().isBlank() ? "(no subject)" : h.get().subject();
    return switch (reply.firstWord()) {
      case "", "approve", "approved", "yes", "ok" -> approve(id, by, subject);
      case "reject", "rejected" -> reject(id, reply.rest(), by, subject);
      case "discard", "discarded" ->
          decisions.discard(id, by)
              ? Outcome.done("Discarded \"" + subject + "\"; nobody was told.")
              : Outcome.refused("That message no longer waits: another moderator decided it.");
      default ->
          Outcome.refused(
              "The first line of the reply, \""
                  + reply.firstLine()
                  + "\", is none of approve, reject <reason> or discard; nothing was done. The"
                  + " message still waits in the queue on the web.");
    };
  }

  private Outcome approve(long id, ChangedBy by, String subject) {
    IngestResult result;
    try {
      result = decisions.approve(id, by);
    } catch (IllegalArgumentException gone) {
      return Outcome.refused("That message no longer waits: another moderator decided it.");
    }
    return switch (result) {
      case IngestResult.Accepted a ->
          Outcome.done(
              a.duplicate()
                  ? "Approved \"" + subject + "\": the group had it already; nothing sent again."
                  : "Approved \"" + subject + "\": it is archived and on its way to the members.");
      case IngestResult.Discarded d ->
          Outcome.done("Approved \"" + subject + "\", but a rule drops it now (" + d.rule() + ").");
      case IngestResult.Refused r ->
          Outcome.refused(
              "Not posted: a rule refuses it now ("
                  + r.rule()
                  + "): "
                  + r.reason()
                  + " It stays in the queue on the web.");
      case IngestResult.Failed f ->
          Outcome.refused("Not posted yet: " + f.reason() + " It stays in the queue on the web.");
      case IngestResult.NoRoom n ->
          Outcome.refused("Not posted yet: " + n.reason() + " It stays in the queue on the web.");
      case IngestResult.Held again -> Outcome.refused("It was held again; it stays in the queue.");
      case IngestResult.Quarantined q ->
          Outcome.refused("It could not be processed; the site's operators are told.");
    };
  }

  private Outcome reject(long id, String reason, ChangedBy by, String subject) {
    String why = reason.isBlank() ? NO_REASON : reason;
    RejectionNotice.Outcome outcome;
    try {
      outcome = decisions.reject(id, why, by);
    } catch (IOException e) {
      return Outcome.refused(
          "The message could not be rejected just now; it stays in the queue on the web.");
    }
    return switch (outcome) {
      case RejectionNotice.Outcome.Told t ->
          Outcome.done("Rejected \"" + subject + "\"; " + t.to() + " is mailed the reason.");
      case RejectionNotice.Outcome.Untold u ->
          Outcome.done("Rejected \"" + subject + "\"; its sender is not told, as " + u.why() + ".");
      case RejectionNotice.Outcome.Gone g ->
          Outcome.refused("That message no longer waits: another moderator decided it.");
    };
  }
}
