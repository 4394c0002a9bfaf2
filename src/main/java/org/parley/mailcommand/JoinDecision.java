package org.parley.mailcommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import org.parley.account.Account;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.group.ChangedBy;
import org.parley.group.Confirmations.Confirmation;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.member.Member;
import org.parley.member.MemberStore;

/**
 * A reply to a request's notice ({@link Admissions#DECIDE}) decides the request as the owner or
 * manager who replied: a first line of its own that is empty, "approve" or "yes" approves it;
 * "decline" or "no", followed by the reason, declines it and mails the reason to the asker.
 * Anything else decides nothing. One who no longer runs the group decides nothing either.
 */
final class JoinDecision implements ConfirmedAction {
  private static final Set<String> APPROVE = Set.of("", "approve", "yes", "ok");
  private static final Set<String> DECLINE = Set.of("decline", "no", "reject");

  private final Admissions admissions;
  private final AccountStore accounts;
  private final MemberStore members;

  JoinDecision(Admissions admissions, AccountStore accounts, MemberStore members) {
    this.admissions = admissions;
    this.accounts = accounts;
    this.members = members;
  }

  @Override
  public String action() {
    return Admissions.DECIDE;
  }

  @Override
  public Outcome confirmed(Group group, Confirmation confirmation, CommandReply reply) {
    Optional<Account> moderator = accounts.find(EmailAddress.of(confirmation.address()));
    boolean runs =
        moderator.isPresent()
            && (moderator.get().siteAdmin()
                || members
                    .find(group.id(), moderator.get().id())
                    .filter(Member::active)
                    .map(Member::canModerate)
                    .orElse(false));
    if (!runs) {
      return Outcome.refused(
          "You no longer run " + group.title() + ", so this reply decides nothing.");
    }
    long id;
    try {
      id = Long.parseLong(confirmation.subject());
    } catch (NumberFormatException e) {
      return Outcome.refused("This notice names no request; nothing was done.");
    }
    ChangedBy by = new ChangedBy.SignedIn(moderator.get().id());
    String word = reply.firstWord();
    try {
      if (APPROVE.contains(word)) {
        return admissions
            .approve(group, id, by)
            .map(
                r -> Outcome.done(r.email().value() + " is a member of " + group.title() + " now."))
            .orElseGet(this::gone);
      }
      if (DECLINE.contains(word)) {
        return admissions
            .decline(group, id, reply.rest(), by)
            .map(
                r ->
                    Outcome.done(
                        "The request of "
                            + r.email().value()
                            + " was declined, and they are told why."))
            .orElseGet(this::gone);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Outcome.refused(
        "The reply said neither approve nor decline, so nothing was done: decide on "
            + Links.requests(group.name().value()));
  }

  @Override
  public boolean understands(CommandReply reply) {
    return APPROVE.contains(reply.firstWord()) || DECLINE.contains(reply.firstWord());
  }

  @Override
  public String howToReply() {
    return "Reply with approve (or nothing) to let them in, or decline and a reason.";
  }

  private Outcome gone() {
    return Outcome.done("This request was decided already; nothing more was done.");
  }
}
