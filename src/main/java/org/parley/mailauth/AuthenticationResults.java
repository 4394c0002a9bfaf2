package org.parley.mailauth;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes an {@code Authentication-Results} field value (RFC 8601 §2.2) for what the door found:
 *
 * <pre>
 * lists.example.org; spf=pass smtp.mailfrom=ann@example.org;
 *  dkim=pass header.d=example.org header.s=s1 header.a=rsa-sha256;
 *  dmarc=pass (p=reject) header.from=example.org
 * </pre>
 *
 * (on one line). Values that are not an RFC 2045 token, nor an address or domain as RFC 8601's
 * {@code pvalue} allows, are written as quoted strings; comments are escaped; line breaks and other
 * control characters, which a sender could put in a name, are dropped.
 */
public final class AuthenticationResults {
  /** RFC 2045's token: printable ASCII but space and the tspecials. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");

  /** RFC 5322's dot-atom. */
  private static final Pattern DOT_ATOM =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

  /** A domain name as RFC 8601's {@code pvalue} takes it (RFC 6376's domain-name). */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

  private AuthenticationResults() {}

  /** The field value for {@code a}, with {@code authservId} as the authentication service. */
  public static String of(String authservId, SenderAuthentication a) {
    List<String> parts = new ArrayList<>();
    parts.add(pvalue(Domains.normal(authservId)));
    parts.add(spf(a.spf()));
    if (a.dkim().isEmpty()) {
      parts.add("dkim=none");
    }
    for (DkimResult d : a.dkim()) {
      parts.add(dkim(d));
    }
    parts.add(dmarc(a.dmarc()));
    return String.join("; ", parts);
  }

  private static String spf(SpfResult r) {
    StringBuilder b = new StringBuilder("spf=").append(r.outcome().word());
    if (!r.checked().isEmpty()) {
      b.append(' ').append(r.identity().property()).append('=').append(pvalue(r.checked()));
    }
    return b.toString();
  }

  private static String dkim(DkimResult d) {
    StringBuilder b = new StringBuilder("dkim=").append(d.outcome().word());
    if (d.reason() != null && !d.reason().isBlank()) {
      b.append(" reason=").append(quoted(d.reason()));
    }
    if (d.domain() != null && !d.domain().isBlank()) {
      b.append(" header.d=").append(pvalue(d.domain()));
    }
    if (d.selector() != null && !d.selector().isBlank()) {
      b.append(" header.s=").append(value(d.selector()));
    }
    if (d.algorithm() != null && !d.algorithm().isBlank()) {
      b.append(" header.a=").append(value(d.algorithm()));
    }
    return b.toString();
  }

  private static String dmarc(DmarcResult r) {
    StringBuilder b = new StringBuilder("dmarc=").append(r.outcome().word());
    r.policy().ifPresent(p -> b.append(" (p=").append(p.word()).append(')'));
    if (!r.reason().isBlank()) {
      b.append(" reason=").append(quoted(r.reason()));
    }
    if (!r.fromDomain().isEmpty()) {
      b.append(" header.from=").append(pvalue(r.fromDomain()));
    }
    return b.toString();
  }

  /** A {@code value} (RFC 8601 §2.2): a token as it is, anything else as a quoted string. */
  static String value(String s) {
    String clean = printable(s);
    return TOKEN.matcher(clean).matches() ? clean : quoted(clean);
  }

  /**
   * A {@code pvalue} (RFC 8601 §2.2): a value, or an address ({@code local-part@domain}) or domain
   * as it is when it is one.
   */
  static String pvalue(String s) {
    String clean = printable(s);
    int at = clean.lastIndexOf('@');
    if (at >= 0) {
      String local = clean.substring(0, at);
      String domain = clean.substring(at + 1);
      if ((local.isEmpty() || DOT_ATOM.matcher(local).matches())
          && DOMAIN.matcher(domain).matches()) {
        return clean;
      }
      return quoted(clean);
    }
    return value(clean);
  }

  /** An RFC 2045 quoted string. */
  static String quoted(String s) {
    String clean = printable(s);
    return '"' + clean.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** {@code s} without control characters, so it stays one line; non-ASCII is kept as it is. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != 0x7f) {
        b.append(c);
      }
    }
    return b.toString().strip();
  }
}
