package org.parley.mailauth;

/**
 * What checking one {@code DKIM-Signature} of a message gave (RFC 6376 §6, result names of RFC 8601
 * §2.7.1).
 *
 * @param domain the signing domain, its {@code d=} tag, in lower case; blank when unreadable
 * @param selector its {@code s=} tag
 * @param algorithm its {@code a=} tag, such as {@code rsa-sha256}
 * @param reason why it did not pass, in a few words; blank on a pass
 */
public record DkimResult(
    String domain, String selector, String algorithm, Outcome outcome, String reason) {

  /** RFC 8601's DKIM results, less {@code none} (a message without signatures has no results). */
  public enum Outcome {
    PASS,
    FAIL,
    NEUTRAL,
    TEMPERROR,
    PERMERROR;

    /** The name Authentication-Results uses. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
