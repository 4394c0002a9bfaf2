package org.parley.mime;

/**
 * Escaping for the few places that build HTML in Java rather than in a jte template: the pages'
 * plain-text bodies and forwards, and the HTML footer of members' copies. The one home of HTML
 * escaping.
 */
public final class Html {
  private Html() {}

  /** Escapes text for an HTML element or a quoted attribute value. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
