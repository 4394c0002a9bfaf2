package org.parley.mailauth;

/**
 * The DNS look-ups mail authentication needs. An implementation has timeouts and a cache, and tells
 * a name that does not exist (or has no such record) apart from a look-up that failed: the first is
 * an answer, the second a temporary error (RFC 7208 §2.6.6, RFC 7489 §6.6.3: TEMPERROR), on which
 * mail is deferred, never judged.
 */
public interface Dns {
  /**
   * The TXT records at {@code name}, each with its character-strings joined (RFC 7208 §3.3).
   *
   * @param name a domain name, with or without the final dot
   */
  TxtAnswer txt(String name);
}
