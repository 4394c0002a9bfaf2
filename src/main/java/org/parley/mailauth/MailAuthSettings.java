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
 *     it always or the author's domain is one of {@code strictDomains}: for a site with no DNS to
 *     ask, such as a demo on a laptop
 * @param dnsServers the resolvers to ask ({@code dns_servers}: {@code host[:port]}, comma
 *     separated); empty for the system's own
 * @param dnsTimeout how long one look-up may take ({@code dns_timeout_ms}, 5 s by default); one
 *     that takes longer is a temporary error
 * @param strictDomains authors' domains whose copies a group that rewrites "when needed" rewrites
 *     although they publish no strict policy ({@code rewrite_from_domains}, by default {@code
 *     gmail.com, googlemail.com}): the receivers that host them refuse or junk mail from them that
 *     does not authenticate anyway (Gmail does for gmail.com, which publishes p=none; Mailman
 *     #1084); in lower case, each with its subdomains. No DNS is asked for them
 */
public record MailAuthSettings(
    boolean on,
    List<InetSocketAddress> dnsServers,
    Duration dnsTimeout,
    java.util.Set<String> strictDomains) {
  /** gmail.com and googlemail.com: Gmail refuses their unauthenticated mail at p=none. */
  public static final java.util.Set<String> DEFAULT_STRICT_DOMAINS =
      java.util.Set.of("gmail.com", "googlemail.com");

  public MailAuthSettings {
    dnsServers = List.copyOf(dnsServers);
    strictDomains = java.util.Set.copyOf(strictDomains);
  }

  /** Settings with the default {@link #strictDomains}. */
  public MailAuthSettings(boolean on, List<InetSocketAddress> dnsServers, Duration dnsTimeout) {
    this(on, dnsServers, dnsTimeout, DEFAULT_STRICT_DOMAINS);
  }

  /** Whether {@code domain} is one of {@link #strictDomains} or under one. */
  public boolean strict(String domain) {
    String d = Domains.normal(domain);
    for (String s : strictDomains) {
      if (d.equals(s) || d.endsWith("." + s)) {
        return true;
      }
    }
    return false;
  }
}
