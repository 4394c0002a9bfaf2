package org.parley.delivery.decorations;

import org.parley.group.FromRewriting;
import org.parley.group.Group;
import org.parley.mailauth.DmarcPolicies;
import org.parley.mailauth.DmarcPolicy;

/**
 * The DMARC policies of authors' domains, as the copies of a post need them: whether a copy must
 * carry the group's address in From (RFC 7960 §4.1.3). Under the group's {@link
 * FromRewriting.When#WHEN_NEEDED} it must for an author whose domain publishes {@code p=reject} or
 * {@code p=quarantine}, and for one whose policy could not be looked up (which may hide one): a
 * copy that keeps such a From fails DMARC at every receiver, for the group changes the message and
 * removes the author's signature.
 */
@FunctionalInterface
public interface AuthorPolicies {
  /** A site that asks no DNS: no author's policy is known, so only "always" rewrites. */
  AuthorPolicies UNKNOWN = domain -> new DmarcPolicy.Unpublished();

  /** The policy of an author's domain. */
  DmarcPolicy of(String domain);

  /**
   * Whether copies of mail from {@code domain} must not keep its From: its policy would have
   * receivers refuse or junk them, or could not be looked up ({@link
   * DmarcPolicy#mayRejectUnaligned}).
   */
  default boolean strict(String domain) {
    return of(domain).mayRejectUnaligned();
  }

  /** Policies looked up with {@code policies}. */
  static AuthorPolicies of(DmarcPolicies policies) {
    return policies::of;
  }

  /**
   * These policies, with the domains {@code alwaysStrict} says taken as strict whatever they
   * publish, without a look-up: Gmail refuses unauthenticated mail from gmail.com, which publishes
   * p=none.
   */
  default AuthorPolicies strictAlso(java.util.function.Predicate<String> alwaysStrict) {
    AuthorPolicies looked = this;
    return new AuthorPolicies() {
      @Override
      public DmarcPolicy of(String domain) {
        return looked.of(domain);
      }

      @Override
      public boolean strict(String domain) {
        return alwaysStrict.test(domain) || looked.strict(domain);
      }
    };
  }

  /**
   * Whether copies of a post from {@code origin} to {@code group} come from the group's address.
   */
  default boolean rewrite(Group group, Origin origin) {
    if (origin.fromAddress().isBlank()) {
      return false;
    }
    return switch (group.fromRewriting().when()) {
      case NEVER -> false;
      case ALWAYS -> true;
      case WHEN_NEEDED ->
          DmarcPolicies.domainOf(origin.fromAddress()).map(this::strict).orElse(false);
    };
  }
}
