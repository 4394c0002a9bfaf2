package org.parley.archive;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Subject lines for threading and display: reply and forward markers in the languages mail clients
 * use ("Re:", "AW:", "SV:", "Fwd:", "WG:", "Antw:", "Réf:", "回复:" …, also "Re[2]:"), and list tags
 * in brackets ("[news]"), stripped from the front, repeatedly.
 */
public final class Subjects {
  private static final Pattern MARKER =
      Pattern.compile(
          "^\\s*(?:(?:re|aw|sv|antw|odp|vs|ynt|r|res|rif|réf|ref|fwd?|wg|tr|rv|doorst|enc|i)"
              + "(?:\\s*\\[\\d+\\]|\\s*\\(\\d+\\))?\\s*[:：]|回复[:：]|转发[:：]|答复[:：]|\\[[^\\]]{1,40}\\])\\s*",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern REPLY =
      Pattern.compile(
          "^\\s*(?:\\[[^\\]]{1,40}\\]\\s*)*(?:re|aw|sv|antw|odp|vs|ynt|r|res|rif|réf|ref)"
              + "(?:\\s*\\[\\d+\\]|\\s*\\(\\d+\\))?\\s*[:：]|^\\s*(?:回复|答复)[:：]",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private Subjects() {}

  /** The subject without markers and tags, for showing as a topic's title. */
  public static String clean(String subject) {
    if (subject == null) {
      return "";
    }
    String s = subject;
    for (int i = 0; i < 20; i++) {
      String next = MARKER.matcher(s).replaceFirst("");
      if (next.equals(s)) {
        break;
      }
      s = next;
    }
    return SPACE.matcher(s).replaceAll(" ").trim();
  }

  /** The key two subjects share when they belong to one conversation. */
  public static String key(String subject) {
    return clean(subject).toLowerCase(Locale.ROOT);
  }

  /** Whether the subject says the message is a reply. */
  public static boolean isReply(String subject) {
    return subject != null && REPLY.matcher(subject).find();
  }
}
