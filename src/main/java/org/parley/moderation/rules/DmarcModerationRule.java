package org.parley.moderation.rules;

import org.parley.mailauth.DmarcResult;
import org.parley.mailauth.SenderAuthentication;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code dmarc-moderation}: mail from a member's address that its domain does not vouch for: DMARC
 * fails (RFC 7489 §6.6.2), or nothing aligned with the From's domain passed at all (no SPF pass for
 * an aligned envelope sender, no aligned DKIM signature), which is how a forged member address
 * looks. Only mail checked at the door counts (SMTP, LMTP; not the web, imports or approvals), and
 * only a member's address: others are the non-member rules' to judge. The group's {@code
 * dmarc-failure} setting turns the hit into a hold (the default), a refusal ({@code 550 5.7.1}) or
 * nothing. A result that could not be had for now is {@link DmarcTempErrorRule}'s.
 */
public final class DmarcModerationRule implements Rule {
  @Override
  public String id() {
    return "dmarc-moderation";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported() || s.sender().isEmpty() || s.authentication().isEmpty()) {
      return Check.PASS;
    }
    SenderAuthentication a = s.authentication().get();
    if (!a.unauthenticated()) {
      return Check.PASS;
    }
    DmarcResult d = a.dmarc();
    String address = s.sender().get().email().value();
    String why =
        d.outcome() == DmarcResult.Outcome.FAIL
            ? "The message claims to be from "
                + address
                + ", a member of "
                + s.groupAddress()
                + ", but it fails the DMARC check of "
                + d.fromDomain()
                + " (its policy: "
                + d.policy().map(p -> p.word()).orElse("none")
                + "): "
                + d.fromDomain()
                + " did not send it or sign it."
            : "The message claims to be from "
                + address
                + ", a member of "
                + s.groupAddress()
                + ", but nothing shows that "
                + d.fromDomain()
                + " sent it: no SPF pass or DKIM signature of that domain (DMARC).";
    return Check.refuse(id(), 550, "5.7.1", why);
  }
}
