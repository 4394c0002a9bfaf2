package org.parley.mailauth;

import com.google.common.net.InternetDomainName;
import java.util.Locale;

/** Domain names as DMARC compares them (RFC 7489 §3.2). */
public final class Domains {
  private Domains() {}

  /**
   * The organizational domain of {@code domain}: the public suffix it is under (by the Public
   * Suffix List) and one label more, such as {@code example.co.uk} for {@code lists.example.co.uk}.
   * A name under no suffix the list knows (a private top-level name such as {@code .test}) is taken
   * as if its last label were one: its last two labels. The answer is in lower case without a final
   * dot.
   */
  public static String organizational(String domain) {
    String d = normal(domain);
    try {
      InternetDomainName name = InternetDomainName.from(d);
      if (name.isUnderPublicSuffix()) {
        return name.topPrivateDomain().toString();
      }
      if (name.isPublicSuffix()) {
        return d;
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      // not a name the list can judge: fall back to the last two labels
    }
    int last = d.lastIndexOf('.');
    if (last < 0) {
      return d;
    }
    int before = d.lastIndexOf('.', last - 1);
    return before < 0 ? d : d.substring(before + 1);
  }

  /**
   * Whether two domains are aligned (RFC 7489 §3.1): equal under strict alignment, or of the same
   * organizational domain under relaxed.
   */
  public static boolean aligned(String a, String b, boolean strict) {
    String x = normal(a);
    String y = normal(b);
    if (x.isEmpty() || y.isEmpty()) {
      return false;
    }
    return strict ? x.equals(y) : organizational(x).equals(organizational(y));
  }

  /** {@code domain} in lower case, without a final dot. */
  public static String normal(String domain) {
    String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }
}
