package org.parley.delivery;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.group.GroupName;

/**
 * Variable envelope return paths: every copy of a post goes out with the envelope sender ({@code
 * MAIL FROM}, RFC 5321 §4.1.1.2, which the receiving system records as {@code Return-Path}, RFC
 * 5321 §4.4) {@code <group>-bounces+<member-token>@<domain>}, so a bounce, sent back to that path
 * (RFC 5321 §6.1, RFC 3464), names the member it is about even when the bounce itself does not. The
 * member token is a random secret per membership, so the address cannot be forged for another
 * member.
 */
public final class Verp {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{1,128}");
  private static final Pattern ADDRESS =
      Pattern.compile(
          "([a-z0-9][a-z0-9._-]{0,63})-bounces\\+([A-Za-z0-9]{1,128})@(.+)",
          Pattern.CASE_INSENSITIVE);

  private final String domain;

  /**
   * @param domain the site's mail domain, as in {@code Settings.domain()}
   */
  public Verp(String domain) {
    this.domain = domain.toLowerCase(Locale.ROOT);
  }

  /** The envelope sender of a copy of a post of {@code group} to the member with {@code token}. */
  public String returnPath(GroupName group, String memberToken) {
    if (!TOKEN.matcher(memberToken).matches()) {
      throw new IllegalArgumentException("not a member token: " + memberToken);
    }
    return group.value() + "-bounces+" + memberToken + "@" + domain;
  }

  /** The address bounces without a member come back to (no token). */
  public String bounceAddress(GroupName group) {
    return group.value() + "-bounces@" + domain;
  }

  /**
   * The member token in a VERP address of this site, such as the recipient of a bounce: {@code
   * news-bounces+3f9a…@lists.example.org} gives {@code 3f9a…}. Angle brackets and case of the
   * domain are ignored; anything else gives empty.
   */
  public Optional<String> tokenOf(String recipientAddress) {
    if (recipientAddress == null) {
      return Optional.empty();
    }
    String s = recipientAddress.trim();
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1).trim();
    }
    Matcher m = ADDRESS.matcher(s);
    if (!m.matches() || !m.group(3).toLowerCase(Locale.ROOT).equals(domain)) {
      return Optional.empty();
    }
    return Optional.of(m.group(2));
  }
}
