package org.parley.delivery;

import java.util.Optional;
import org.parley.group.GroupName;
import org.parley.group.ListAddresses;

/**
 * Variable envelope return paths: every copy of a post goes out with the envelope sender ({@code
 * MAIL FROM}, RFC 5321 §4.1.1.2, which the receiving system records as {@code Return-Path}, RFC
 * 5321 §4.4) {@code <group>-bounces+<member-token>@<domain>}, so a bounce, sent back to that path
 * (RFC 5321 §6.1, RFC 3464), names the member it is about even when the bounce itself does not. The
 * member token is a random secret per membership, so the address cannot be forged for another
 * member. The addresses themselves are written and read by {@link ListAddresses}.
 */
public final class Verp {
  private final ListAddresses addresses;

  /**
   * @param domain the site's mail domain, as in {@code Settings.domain()}
   */
  public Verp(String domain) {
    this.addresses = new ListAddresses(domain);
  }

  /** The envelope sender of a copy of a post of {@code group} to the member with {@code token}. */
  public String returnPath(GroupName group, String memberToken) {
    return addresses.bounces(group, memberToken);
  }

  /** The address bounces without a member come back to (no token). */
  public String bounceAddress(GroupName group) {
    return addresses.bounces(group);
  }

  /**
   * The member token in a VERP address of this site, such as the recipient of a bounce: {@code
   * news-bounces+3f9a…@lists.example.org} gives {@code 3f9a…}. Angle brackets and case are ignored
   * (the token is read in lower case, as member tokens are written); anything else gives empty.
   */
  public Optional<String> tokenOf(String recipientAddress) {
    return addresses
        .parse(recipientAddress)
        .filter(p -> p.kind() == ListAddresses.Kind.BOUNCES)
        .flatMap(ListAddresses.Parsed::token)
        .filter(ListAddresses::isToken);
  }
}
