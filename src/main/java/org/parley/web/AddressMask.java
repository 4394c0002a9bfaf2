package org.parley.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the site hides other people's addresses from those who may not see them ({@link
 * Access#seesAddresses}): names stay, and an address becomes its first letter, an ellipsis and its
 * domain ("a…@example.com"). The site's own addresses stay whole: they are the group's, on every
 * page anyway. The conversation page masks its To and Cc lines so, and the feeds their authors.
 */
public final class AddressMask {
  private static final Pattern ADDRESS =
      Pattern.compile("([^,<]*)<([^>@\\s]+)@([^>\\s]+)>|([^,\\s<>]+)@([^,\\s<>]+)");

  private AddressMask() {}

  /**
   * An author as a viewer is shown them: {@code authorName} is the name the message gave, or its
   * address when it gave none ({@code Post#authorName}); a viewer who does not see addresses gets
   * such an address masked, as the To and Cc lines are.
   */
  public static String author(String authorName, boolean seesAddresses, String domain) {
    return seesAddresses ? authorName : mask(authorName, domain);
  }

  /** {@code line}, a list of addresses with or without names, with its addresses masked. */
  public static String mask(String line, String domain) {
    if (line == null || line.isBlank()) {
      return "";
    }
    Matcher m = ADDRESS.matcher(line);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String local = m.group(2) != null ? m.group(2) : m.group(4);
      String dom = m.group(3) != null ? m.group(3) : m.group(5);
      String name = m.group(1) == null ? "" : m.group(1).strip();
      String addr =
          dom.equalsIgnoreCase(domain) ? local + "@" + dom : local.substring(0, 1) + "…@" + dom;
      String replacement =
          name.isEmpty() ? addr : (m.group(2) != null ? name + " <" + addr + ">" : addr);
      if (m.group(1) != null && m.group(1).startsWith(" ")) {
        replacement = " " + replacement;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
