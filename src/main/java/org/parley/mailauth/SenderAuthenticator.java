package org.parley.mailauth;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks who sent a message as it arrives by mail: SPF of its envelope sender (or HELO name), its
 * DKIM signatures, and DMARC for the domain of its author (RFC 7208, RFC 6376, RFC 7489). A site
 * with {@code sender_auth} off checks nothing.
 */
public final class SenderAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(SenderAuthenticator.class);

  private final boolean on;
  private final Spf spf;
  private final DkimVerifier dkim;
  private final DmarcPolicies policies;

  /**
   * @param on whether to check at all ({@code sender_auth})
   * @param dns the site's look-ups, with its resolvers, timeout and cache
   * @param dkim checks the message's DKIM signatures
   */
  public SenderAuthenticator(boolean on, DnsJava dns, DkimVerifier dkim) {
    this.on = on;
    this.spf = new Spf(dns);
    this.dkim = dkim;
    this.policies = new DmarcPolicies(dns);
  }

  /** Whether this checks anything ({@code sender_auth}). */
  public boolean on() {
    return on;
  }

  /**
   * What can be found out about who sent {@code raw}; empty when checking is off, or the client's
   * address is not known (a message released from quarantine, say).
   *
   * @param client the IP address of the client that handed the message over
   * @param helo the name it gave in HELO or EHLO
   * @param mailFrom the envelope sender; empty for a bounce
   * @param authorDomain the domain of the header From's address (the author)
   */
  public Optional<SenderAuthentication> check(
      String client, String helo, String mailFrom, String authorDomain, byte[] raw) {
    if (!on || client == null || client.isBlank()) {
      return Optional.empty();
    }
    SpfResult s = spf.check(client, mailFrom, helo);
    List<DkimResult> signatures = dkim.verify(raw);
    DmarcPolicy policy =
        authorDomain == null || authorDomain.isBlank()
            ? new DmarcPolicy.Unpublished()
            : policies.of(authorDomain);
    DmarcResult dmarc = Dmarc.evaluate(authorDomain, policy, s, signatures);
    log.debug(
        "sender of a message from <{}> at {}: spf={}, {} DKIM signature(s), dmarc={} for {}",
        mailFrom,
        client,
        s.outcome().word(),
        signatures.size(),
        dmarc.outcome().word(),
        authorDomain);
    return Optional.of(new SenderAuthentication(s, signatures, dmarc));
  }
}
