package org.parley.moderation.rules;

import org.parley.member.Bans;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code banned}: mail whose author (the From address, or the envelope sender's when From has none)
 * or envelope sender is banned from the group, by address or by domain ({@link Bans}), is a hit
 * refused with the reason the group gave ({@code 550 5.7.1}). History brought in by an import is
 * not screened.
 */
public final class BannedRule implements Rule {
  private final Bans bans;

  public BannedRule(Bans bans) {
    this.bans = bans;
  }

  @Override
  public String id() {
    return "banned";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported()) {
      return Check.PASS;
    }
    var ban = s.author().flatMap(a -> bans.banned(s.group().id(), a));
    if (ban.isEmpty() && org.parley.account.EmailAddress.isValid(s.mailFrom())) {
      ban = bans.banned(s.group().id(), org.parley.account.EmailAddress.of(s.mailFrom()));
    }
    if (ban.isEmpty()) {
      return Check.PASS;
    }
    String who = ban.get().domain() ? "Addresses at " + ban.get().pattern().substring(1) : "You";
    String why = ban.get().reason().isBlank() ? "" : " (" + ban.get().reason() + ")";
    return Check.refuse(
        id(),
        550,
        "5.7.1",
        who + " may not post to " + s.groupAddress() + ": banned by its moderators" + why + ".");
  }
}
