package org.parley.mailauth;

import java.util.List;

/**
 * What the door found out about who sent a message: SPF of its envelope sender, its DKIM
 * signatures, and DMARC for its header From. The site records it on the post, or on the held
 * message, as an {@code Authentication-Results} field of its own ({@link #header}).
 */
public record SenderAuthentication(SpfResult spf, List<DkimResult> dkim, DmarcResult dmarc) {
  public SenderAuthentication {
    dkim = List.copyOf(dkim);
  }

  /**
   * Whether the From's domain could not be judged for now ({@link DmarcResult.Outcome#TEMPERROR}):
   * the sender should try again later.
   */
  public boolean undecided() {
    return dmarc.outcome() == DmarcResult.Outcome.TEMPERROR;
  }

  /**
   * Whether the From's domain is not vouched for: DMARC failed, or no identifier that passed is
   * aligned with it at all (a domain without a DMARC record included). False when {@link
   * #undecided}.
   */
  public boolean unauthenticated() {
    return !undecided() && (dmarc.outcome() == DmarcResult.Outcome.FAIL || !dmarc.aligned());
  }

  /**
   * The value of the {@code Authentication-Results} field (RFC 8601 §2.2) recording these results,
   * as this site's.
   *
   * @param authservId the site's name for itself as an authentication service: its mail domain
   */
  public String header(String authservId) {
    return AuthenticationResults.of(authservId, this);
  }
}
