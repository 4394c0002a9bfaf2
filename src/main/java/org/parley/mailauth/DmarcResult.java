package org.parley.mailauth;

import java.util.Locale;
import java.util.Optional;

/**
 * What DMARC (RFC 7489 §3, §6.6) made of a message's header From: whether an identifier that passed
 * (SPF's envelope sender, a DKIM signature's {@code d=}) is aligned with the From's domain, and the
 * policy that domain publishes.
 *
 * @param fromDomain the domain of the header From, in lower case
 * @param policy the policy that applies to the From's domain, when it publishes one
 * @param aligned whether any identifier passed and is aligned with the From's domain (under the
 *     record's modes; relaxed when there is no record): false is "no alignment at all", whatever
 *     the domain publishes
 * @param reason why it did not pass, in a few words; blank on a pass
 */
public record DmarcResult(
    Outcome outcome,
    String fromDomain,
    Optional<DmarcRecord.Policy> policy,
    boolean aligned,
    String reason) {

  /** The results this site gives (RFC 7489 §11.2, as Authentication-Results names them). */
  public enum Outcome {
    /** An aligned identifier passed. */
    PASS,
    /** The domain publishes a record, and no aligned identifier passed. */
    FAIL,
    /** The domain (and its organizational domain) publishes no record. */
    NONE,
    /**
     * A look-up failed that could decide the result: the DMARC record's, or SPF's or DKIM's for an
     * identifier that would be aligned. Trying later may tell.
     */
    TEMPERROR;

    /** The name Authentication-Results uses. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
