package org.parley.moderation.rules;

import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code dmarc-temperror}: mail from a member's address whose domain could not be checked for now:
 * a DNS look-up that would decide DMARC failed or timed out (RFC 7489 §6.6.3, RFC 7208 §2.6.6). Its
 * refusal is temporary ({@code 451 4.7.0}), so the sender's server tries again later and nothing is
 * lost; a group that accepts DMARC failures ({@code dmarc-failure = accept}) records it instead.
 */
public final class DmarcTempErrorRule implements Rule {
  @Override
  public String id() {
    return "dmarc-temperror";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported() || s.sender().isEmpty() || s.authentication().isEmpty()) {
      return Check.PASS;
    }
    if (!s.authentication().get().undecided()) {
      return Check.PASS;
    }
    return Check.refuse(
        id(),
        451,
        "4.7.0",
        "Could not check the sender's domain "
            + s.authentication().get().dmarc().fromDomain()
            + " just now (a DNS look-up failed); please try again later.");
  }
}
