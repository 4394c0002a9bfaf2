package org.parley.group;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of a group: the local part of its address ({@code name@domain}) and the path segment of
 * its pages ({@code /g/<name>/}). Lower case letters, digits, dots, dashes and underscores, 1 to 64
 * characters, starting with a letter or digit; names ending in a reserved suffix such as {@code
 * -bounces} are refused so they never clash with the site's own addresses ({@link ListAddresses}).
 */
public record GroupName(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public GroupName {
    if (value == null || !VALID.matcher(value).matches() || value.endsWith(".")) {
      throw new IllegalArgumentException(
          "a group name is 1 to 64 lower-case letters, digits, '.', '-' or '_', starting with a"
              + " letter or digit: "
              + value);
    }
    for (String suffix : ListAddresses.RESERVED_SUFFIXES) {
      if (value.endsWith(suffix)) {
        throw new IllegalArgumentException(
            "a group name may not end in " + suffix + " (reserved for the site's own addresses)");
      }
    }
  }

  /** Parses user input, ignoring case and surrounding space. */
  public static GroupName of(String raw) {
    return new GroupName(raw == null ? null : raw.trim().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return value;
  }
}
