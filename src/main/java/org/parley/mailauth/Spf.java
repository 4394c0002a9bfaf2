package org.parley.mailauth;

import java.net.InetAddress;
import java.util.Locale;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.impl.SPF;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPF (RFC 7208) with Apache jSPF: whether the domain of a message's envelope sender authorizes the
 * client that sent it, asking DNS through the site's resolver and cache ({@link DnsJava}).
 */
public final class Spf {
  private static final Logger log = LoggerFactory.getLogger(Spf.class);
  private final SPF spf;

  public Spf(DnsJava dns) {
    this.spf = new SPF(new JspfDns(dns.resolver(), dns.cache()));
  }

  /**
   * Checks the envelope sender, or the HELO name when the envelope sender is empty (RFC 7208 §2.4).
   *
   * @param client the client's IP address, as a literal
   * @param mailFrom the envelope sender; empty for a bounce
   * @param helo the name the client gave in HELO or EHLO; may be empty
   */
  public SpfResult check(String client, String mailFrom, String helo) {
    String from = mailFrom == null ? "" : mailFrom.strip();
    String name = helo == null ? "" : helo.strip();
    SpfResult.Identity identity =
        from.isEmpty() ? SpfResult.Identity.HELO : SpfResult.Identity.MAILFROM;
    String checked = from.isEmpty() ? name : from;
    String domain =
        from.isEmpty()
            ? Domains.normal(name)
            : DmarcPolicies.domainOf(from).orElse(Domains.normal(name));
    if (domain.isEmpty() || !literal(client)) {
      return new SpfResult(SpfResult.Outcome.NONE, identity, checked, domain);
    }
    // a sender without a local part is checked as postmaster@domain (RFC 7208 §4.3), as jSPF does
    SPFResult r;
    try {
      r = spf.checkSPF(client, from, name.isEmpty() ? domain : name);
    } catch (RuntimeException e) {
      // a sender jSPF cannot take is not one SPF can vouch for; DMARC may still find a signature
      log.warn("SPF of <{}> from {} could not be checked: {}", checked, client, e.toString());
      return new SpfResult(SpfResult.Outcome.PERMERROR, identity, checked, domain);
    }
    return new SpfResult(SpfResult.Outcome.of(r.getResult()), identity, checked, domain);
  }

  /** Whether {@code client} is an IPv4 or IPv6 literal (never a name to look up). */
  private static boolean literal(String client) {
    if (client == null || client.isBlank()) {
      return false;
    }
    String c = client.strip().toLowerCase(Locale.ROOT);
    if (!c.matches("[0-9a-f:.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(c); // a literal is parsed, never looked up
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
