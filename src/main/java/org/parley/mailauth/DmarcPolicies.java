package org.parley.mailauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the DMARC record that applies to a domain (RFC 7489 §6.6.3): {@code _dmarc.<domain>}, and
 * when that has none, {@code _dmarc.<organizational domain>}. More than one DMARC record at a name
 * counts as none there.
 */
public final class DmarcPolicies {
  private final Dns dns;

  public DmarcPolicies(Dns dns) {
    this.dns = dns;
  }

  /** The policy of {@code domain}, the domain of an author's address. */
  public DmarcPolicy of(String domain) {
    String d = Domains.normal(domain);
    if (d.isEmpty()) {
      return new DmarcPolicy.Unpublished();
    }
    DmarcPolicy own = at(d, false);
    if (!(own instanceof DmarcPolicy.Unpublished)) {
      return own;
    }
    String org = Domains.organizational(d);
    return org.equals(d) ? own : at(org, true);
  }

  private DmarcPolicy at(String domain, boolean inherited) {
    return switch (dns.txt("_dmarc." + domain)) {
      case TxtAnswer.TempError e -> new DmarcPolicy.Unknown(e.reason());
      case TxtAnswer.None n -> new DmarcPolicy.Unpublished();
      case TxtAnswer.Found f -> {
        List<DmarcRecord> found = new ArrayList<>();
        for (String txt : f.records()) {
          DmarcRecord.parse(txt).ifPresent(found::add);
        }
        yield found.size() == 1
            ? new DmarcPolicy.Published(found.get(0), domain, inherited)
            : new DmarcPolicy.Unpublished();
      }
    };
  }

  /** The domain of an address, or empty when it has none. */
  public static Optional<String> domainOf(String address) {
    int at = address == null ? -1 : address.lastIndexOf('@');
    return at < 0 || at == address.length() - 1
        ? Optional.empty()
        : Optional.of(Domains.normal(address.substring(at + 1)));
  }
}
