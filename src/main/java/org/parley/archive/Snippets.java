package org.parley.archive;

import java.util.regex.Pattern;

/** The first words of a post for listings: quoted lines and signatures left out. */
final class Snippets {
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final int LENGTH = 200;

  private Snippets() {}

  static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\r?\n")) {
      String t = line.trim();
      if (t.equals("--") || t.equals("-- ")) {
        break;
      }
      if (t.startsWith(">") || (t.startsWith("On ") && t.endsWith("wrote:"))) {
        continue;
      }
      sb.append(t).append(' ');
      if (sb.length() > LENGTH * 2) {
        break;
      }
    }
    String s = SPACE.matcher(sb).replaceAll(" ").trim();
    return s.length() <= LENGTH ? s : s.substring(0, LENGTH - 1).trim() + "…";
  }
}
