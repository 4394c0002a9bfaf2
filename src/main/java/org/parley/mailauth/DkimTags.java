package org.parley.mailauth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tag-list (RFC 6376 §3.2), as signatures and key records are written: {@code tag=value}
 * separated by semicolons, with folding white space around them ignored.
 */
final class DkimTags {
  private DkimTags() {}

  /**
   * The tags of {@code text}, in order, each value without the white space around it.
   *
   * @throws IllegalArgumentException for a tag without {@code =}, a bad tag name or a tag given
   *     twice (RFC 6376 §3.2: a permanent error)
   */
  static Map<String, String> parse(String text) {
    Map<String, String> tags = new LinkedHashMap<>();
    String[] specs = text.split(";", -1);
    for (int i = 0; i < specs.length; i++) {
      String spec = specs[i].replaceAll("[\r\n]", "").strip();
      if (spec.isEmpty()) {
        if (i == specs.length - 1) {
          continue; // a final semicolon is allowed
        }
        throw new IllegalArgumentException("an empty tag");
      }
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("a tag without a value: " + abbreviate(spec));
      }
      String name = spec.substring(0, eq).strip();
      if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("a bad tag name: " + abbreviate(name));
      }
      if (tags.put(name, spec.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("the tag " + name + " is given twice");
      }
    }
    return tags;
  }

  /** A base64 value with its folding white space removed (RFC 6376 §3.5, {@code b=} and others). */
  static String base64(String value) {
    return value.replaceAll("[ \t\r\n]", "");
  }

  private static String abbreviate(String s) {
    return s.length() > 30 ? s.substring(0, 30) + "…" : s;
  }
}
