package org.parley.delivery;

import java.time.Clock;
import java.util.List;
import org.parley.mailauth.DkimKeys;
import org.parley.mailauth.DkimSigner;

/**
 * The site's relay with a DKIM signature of the site's mail domain on every message (RFC 6376):
 * copies of posts, notices, owner mail, refusal notices, everything that leaves through the {@link
 * Relay} seam. It signs with the domain's active keys ({@link DkimKeys#active}, one per algorithm)
 * and hands the signed bytes to the relay it wraps; with no key, the message goes unsigned.
 *
 * <p>The signing domain is the site's: it aligns (RFC 7489 §3.1.1) with a From rewritten to the
 * group's address, and with the site's own notices. The author's signatures are already gone from a
 * copy ({@code decorations/CleanseDkim}), since decorating breaks them.
 */
public final class SigningRelay implements Relay {
  private final Relay relay;
  private final DkimKeys keys;
  private final String domain;
  private final Clock clock;

  /**
   * @param relay where the signed messages go
   * @param domain the signing domain, the site's mail domain
   * @param clock gives each signature's {@code t=}
   */
  public SigningRelay(Relay relay, DkimKeys keys, String domain, Clock clock) {
    this.relay = relay;
    this.keys = keys;
    this.domain = domain;
    this.clock = clock;
  }

  @Override
  public void send(String mailFrom, List<String> rcpt, byte[] message) throws RelayException {
    relay.send(mailFrom, rcpt, DkimSigner.sign(keys.active(domain), clock, message));
  }
}
