package org.parley.archive;

import java.util.Locale;
import java.util.Set;
import org.parley.mime.HtmlText;

/**
 * The first words of a post for listings: quoted lines ("&gt; …" and the "On … wrote:" line before
 * them), the header block of a forwarded message ("---------- Forwarded message ---------" and the
 * From:, Date:, Subject:, To: lines after it, as Gmail, Apple Mail, Outlook and Thunderbird write
 * it) and the signature (after the RFC 3676 §4.3 "-- " line) left out, runs of white space made one
 * space. Reads only as far into the text as the snippet needs, without regular expressions (it runs
 * once per post at archive time, and a regex split of the whole body was a fifth of the archive's
 * time).
 */
public final class Snippets {
  /** The longest snippet, in characters, its "…" included. */
  public static final int LENGTH = 200;

  /** Fields of a forwarded message's header block, lower case. */
  private static final Set<String> FORWARD_FIELDS =
      Set.of("from", "date", "sent", "subject", "to", "cc", "reply-to");

  private Snippets() {}

  /**
   * The snippet of a post as the conversation page shows it: the text of its (sanitised) HTML when
   * it has one, quoted blocks left out, otherwise its plain text; then cleaned as {@link #of}. A
   * web post's plain text is the Markdown its author typed, and its HTML is what that renders to,
   * so the snippet shows no Markdown syntax.
   */
  public static String listing(String text, String html) {
    if (html != null && !html.isBlank()) {
      return of(HtmlText.withoutQuotes(html));
    }
    return of(text);
  }

  /** The snippet of a plain text, cleaned as the class says; empty when nothing is left. */
  public static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    int start = 0;
    int n = text.length();
    boolean inForwardHeader = false;
    boolean sawField = false;
    while (start < n && sb.length() <= LENGTH * 2) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      String t = text.substring(start, end).strip();
      start = end + 1;
      if (inForwardHeader) {
        if (t.isEmpty() ? !sawField : isForwardField(t)) {
          sawField |= !t.isEmpty();
          continue;
        }
        inForwardHeader = false;
        if (t.isEmpty()) {
          continue;
        }
      }
      if (t.equals("--")) {
        break; // the signature separator "-- " (stripped)
      }
      if (isForwardMarker(t, text, start)) {
        inForwardHeader = true;
        sawField = false;
        continue;
      }
      if (t.startsWith(">") || (t.startsWith("On ") && t.endsWith("wrote:"))) {
        continue;
      }
      appendCollapsed(sb, t);
    }
    String s = sb.toString().strip();
    return s.length() <= LENGTH ? s : s.substring(0, LENGTH - 1).strip() + "…";
  }

  /**
   * Whether {@code line} opens a forwarded or original message's header block: "----------
   * Forwarded message ---------" (Gmail), "-------- Forwarded Message --------" (Thunderbird),
   * "-----Original Message-----" (Outlook), "Begin forwarded message:" (Apple Mail), or a rule of
   * dashes or underscores directly followed by a "From:" line (Outlook).
   *
   * @param next where the line after {@code line} starts in {@code text}
   */
  static boolean isForwardMarker(String line, String text, int next) {
    if (line.length() < 10) {
      return false;
    }
    int from = 0;
    int to = line.length();
    while (from < to && isRule(line.charAt(from))) {
      from++;
    }
    while (to > from && isRule(line.charAt(to - 1))) {
      to--;
    }
    String words = line.substring(from, to).toLowerCase(Locale.ROOT);
    if (words.isEmpty()) {
      int end = text.indexOf('\n', Math.min(next, text.length()));
      String after = text.substring(Math.min(next, text.length()), end < 0 ? text.length() : end);
      return after.strip().regionMatches(true, 0, "from:", 0, 5);
    }
    boolean ruled = from > 0 && to < line.length();
    return (ruled
            && (words.equals("forwarded message")
                || words.equals("original message")
                || words.equals("message transféré")
                || words.equals("weitergeleitete nachricht")))
        || words.equals("begin forwarded message:");
  }

  private static boolean isRule(char c) {
    return c == '-' || c == '_' || c == ' ';
  }

  /** Whether {@code line} is one field of a forwarded message's header block ("From: …"). */
  static boolean isForwardField(String line) {
    int colon = line.indexOf(':');
    return colon > 0
        && colon <= 8
        && FORWARD_FIELDS.contains(line.substring(0, colon).strip().toLowerCase(Locale.ROOT));
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
