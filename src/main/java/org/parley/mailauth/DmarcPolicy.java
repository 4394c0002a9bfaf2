package org.parley.mailauth;

/**
 * What looking up the DMARC policy of an author's domain gave (RFC 7489 §6.6.3): the record that
 * applies, none, or no answer.
 */
public sealed interface DmarcPolicy {
  /**
   * The domain publishes a record.
   *
   * @param domain where the record was found: the author's domain or, failing that, its
   *     organizational domain
   * @param inherited true when it was found at the organizational domain, not the author's own (its
   *     {@code sp=}, when given, then applies)
   */
  record Published(DmarcRecord record, String domain, boolean inherited) implements DmarcPolicy {
    /**
     * The policy for the author's domain: {@code sp=} when inherited and given, else {@code p=}.
     */
    public DmarcRecord.Policy policy() {
      return inherited ? record.subdomainPolicy().orElse(record.policy()) : record.policy();
    }
  }

  /** Neither the domain nor its organizational domain publishes a record. */
  record Unpublished() implements DmarcPolicy {}

  /** The look-up failed; trying later may tell. */
  record Unknown(String reason) implements DmarcPolicy {}

  /**
   * Whether mail from this domain that is not aligned would be refused or junked by receivers that
   * honour DMARC: a policy of reject or quarantine, or a look-up that failed (which may hide one).
   */
  default boolean mayRejectUnaligned() {
    return switch (this) {
      case Published p -> p.policy().enforced();
      case Unpublished u -> false;
      case Unknown u -> true;
    };
  }
}
