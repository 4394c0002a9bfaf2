package org.parley.archive;

/**
 * The first words of a post for listings: quoted lines and signatures left out, runs of white space
 * made one space. Reads only as far into the text as the snippet needs, without regular expressions
 * (it runs once per post, and a regex split of the whole body was a fifth of the archive's time).
 */
final class Snippets {
  private static final int LENGTH = 200;

  private Snippets() {}

  static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    int start = 0;
    int n = text.length();
    while (start < n && sb.length() <= LENGTH * 2) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      String t = text.substring(start, end).strip();
      start = end + 1;
      if (t.equals("--")) {
        break; // the signature separator "-- " (stripped)
      }
      if (t.startsWith(">") || (t.startsWith("On ") && t.endsWith("wrote:"))) {
        continue;
      }
      appendCollapsed(sb, t);
    }
    String s = sb.toString().strip();
    return s.length() <= LENGTH ? s : s.substring(0, LENGTH - 1).strip() + "…";
  }

  /** Appends {@code line} and one space, each run of white space in it made a single space. */
  private static void appendCollapsed(StringBuilder sb, String line) {
    boolean space = sb.length() == 0 || sb.charAt(sb.length() - 1) == ' ';
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (!space) {
          sb.append(' ');
          space = true;
        }
      } else {
        sb.append(c);
        space = false;
      }
    }
    if (!space) {
      sb.append(' ');
    }
  }
}
