package org.parley.mailauth;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The site's settings for mail authentication.
 *
 * @param on whether the site asks DNS about senders at all ({@code sender_auth}, on by default):
 *     SPF, DKIM and DMARC at the door, and the DMARC policy of authors' domains for the From of
 *     copies. Off, nothing is checked, and copies keep their author's From unless a group rewrites
 *     it always: for a site with no DNS to ask, such as a demo on a laptop
 * @param dnsServers the resolvers to ask ({@code dns_servers}: {@code host[:port]}, comma
 *     separated); empty for the system's own
 * @param dnsTimeout how long one look-up may take ({@code dns_timeout_ms}, 5 s by default); one
 *     that takes longer is a temporary error
 */
public record MailAuthSettings(
    boolean on, List<InetSocketAddress> dnsServers, Duration dnsTimeout) {
  public MailAuthSettings {
    dnsServers = List.copyOf(dnsServers);
  }

  /** The look-ups these settings ask for. */
  public Dns dns() {
    return new DnsJava(dnsServers, dnsTimeout);
  }
}
