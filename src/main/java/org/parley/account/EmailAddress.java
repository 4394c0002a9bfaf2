package org.parley.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A mailbox address ({@code local@domain}, RFC 5321 §4.1.2), normalised: surrounding space and
 * angle brackets removed, the domain lower-cased. The local part may be UTF-8 (RFC 6531) but holds
 * no control characters and no invisible formatting ones (such as U+202E, which reverses the text
 * after it), so no address can pass for another on a page or in a list of members. The local part
 * keeps its case as RFC 5321 asks, but equality of accounts is decided on {@link #key()}, which
 * lower-cases it too, as every real mail system does.
 */
public record EmailAddress(String value) {
  private static final Pattern VALID =
      Pattern.compile(
          "[^\\s@<>()\\[\\],;:\"\\p{Cntrl}\\p{Cf}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

  public EmailAddress {
    if (value == null || value.length() > 254 || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("not an email address: " + value);
    }
  }

  /** Parses user or protocol input: trims space and one pair of angle brackets. */
  public static EmailAddress of(String raw) {
    if (raw == null) {
      throw new IllegalArgumentException("an email address is required");
    }
    String s = raw.trim();
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1).trim();
    }
    int at = s.lastIndexOf('@');
    if (at > 0) {
      s = s.substring(0, at) + "@" + s.substring(at + 1).toLowerCase(Locale.ROOT);
    }
    return new EmailAddress(s);
  }

  /** Whether {@code raw} would parse. */
  public static boolean isValid(String raw) {
    try {
      of(raw);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The case-folded form used to find accounts and members. */
  public String key() {
    return value.toLowerCase(Locale.ROOT);
  }

  public String localPart() {
    return value.substring(0, value.lastIndexOf('@'));
  }

  public String domain() {
    return value.substring(value.lastIndexOf('@') + 1);
  }

  @Override
  public String toString() {
    return value;
  }
}
