package org.parley.delivery.decorations;

import org.parley.member.SettingsLinks;

/**
 * What of a copy's footer is the member's own: the key of the signed link to their settings page
 * and to "mute this topic" ({@link SettingsLinks}), and their token for one-click unsubscribe.
 *
 * <p>Copies are decorated once per post, so the footer is written with {@link #PLACEHOLDERS}: runs
 * of letters as long as the values that take their place, which quoted-printable (RFC 2045 §6.7)
 * and HTML escaping leave alone. {@code delivery/CopyTemplate} then puts each member's values in
 * their place, byte for byte.
 *
 * @param key the signed key, {@link SettingsLinks#LENGTH} characters
 * @param token the member token, 32 characters
 */
public record PersonalLinks(String key, String token) {
  /** The placeholder of the key: as long as a key, and unlike anything a person writes. */
  public static final String KEY_PLACEHOLDER = fill("QxParleyKeyQx", SettingsLinks.LENGTH);

  /** The placeholder of the member token: as long as a token. */
  public static final String TOKEN_PLACEHOLDER = fill("QxParleyTokenQx", 32);

  /** The footer of a copy made once for every member. */
  public static final PersonalLinks PLACEHOLDERS =
      new PersonalLinks(KEY_PLACEHOLDER, TOKEN_PLACEHOLDER);

  private static String fill(String start, int length) {
    return start + "x".repeat(length - start.length());
  }
}
