package org.parley.mailauth;

import java.util.Locale;

/**
 * What checking the SPF record of a sender's domain gave (RFC 7208 §2.6; the result names of RFC
 * 8601 §2.7.2).
 *
 * @param identity which identity was checked: the envelope sender, or the HELO name when the
 *     envelope sender is empty (a bounce)
 * @param checked the identity as checked: the envelope sender's address, or the HELO name
 * @param domain the domain whose record was asked for, in lower case
 */
public record SpfResult(Outcome outcome, Identity identity, String checked, String domain) {

  /** RFC 7208's results. */
  public enum Outcome {
    PASS,
    FAIL,
    SOFTFAIL,
    NEUTRAL,
    NONE,
    TEMPERROR,
    PERMERROR;

    /** The name Authentication-Results uses. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The result a word names; anything unknown is a permanent error (RFC 7208 §2.6.7). */
    static Outcome of(String word) {
      for (Outcome o : values()) {
        if (o.word().equalsIgnoreCase(word == null ? "" : word.strip())) {
          return o;
        }
      }
      return PERMERROR;
    }
  }

  /** The identity SPF checks (RFC 7208 §2.3, §2.4). */
  public enum Identity {
    /** The envelope sender, {@code MAIL FROM} ({@code smtp.mailfrom} in Authentication-Results). */
    MAILFROM,
    /** The {@code HELO} or {@code EHLO} name ({@code smtp.helo}), for a bounce. */
    HELO;

    /** The property Authentication-Results names it by. */
    public String property() {
      return "smtp." + name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether the domain authorized the client: the only result DMARC counts (RFC 7489 §4.2). */
  public boolean passed() {
    return outcome == Outcome.PASS;
  }
}
