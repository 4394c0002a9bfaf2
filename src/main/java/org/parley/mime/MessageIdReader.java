package org.parley.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads msg-ids (RFC 5322 §3.6.4) from Message-ID, In-Reply-To and References, leniently: comments
 * and white space anywhere (also folded inside an id), ids without angle brackets when they look
 * like {@code left@right}, and phrases between ids (the obsolete §4.5.4 form, e.g. an In-Reply-To
 * holding "your message of ...") are skipped. Ids are returned without brackets.
 */
final class MessageIdReader {

  private final Defects defects;

  MessageIdReader(Defects defects) {
    this.defects = defects;
  }

  /** Every msg-id in an unfolded value, in order; {@code where} names the header in defects. */
  List<String> read(String text, String where) {
    String plain = withoutComments(text);
    List<String> ids = new ArrayList<>();
    List<String> bare = new ArrayList<>();
    int i = 0;
    while (i < plain.length()) {
      char c = plain.charAt(i);
      if (c == '<') {
        int end = plain.indexOf('>', i + 1);
        int next = plain.indexOf('<', i + 1);
        if (end < 0 || (next >= 0 && next < end)) {
          end = next < 0 ? plain.length() : next;
          defects.add(where + " has a message id without its closing '>'");
          add(ids, plain.substring(i + 1, end), where);
          i = end;
        } else {
          add(ids, plain.substring(i + 1, end), where);
          i = end + 1;
        }
      } else if (Character.isWhitespace(c) || c == ',') {
        i++;
      } else {
        int end = i;
        while (end < plain.length()
            && !Character.isWhitespace(plain.charAt(end))
            && plain.charAt(end) != '<'
            && plain.charAt(end) != ',') {
          end++;
        }
        String word = plain.substring(i, end);
        if (word.indexOf('@') > 0
            && word.indexOf('@') < word.length() - 1
            && !word.contains("\"")) {
          add(bare, word, where);
        }
        i = end;
      }
    }
    // bare words count only where no id is bracketed, lest an address in a phrase pass for one
    return ids.isEmpty() ? bare : ids;
  }

  private void add(List<String> ids, String candidate, String where) {
    StringBuilder id = new StringBuilder(candidate.length());
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (!Character.isWhitespace(c)) {
        id.append(c);
      }
    }
    if (id.isEmpty() || id.length() > 998) {
      defects.add(where + " has an empty or overlong message id, which was skipped");
      return;
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      // NUL and the like: no msg-id may hold them (RFC 5322 §3.6.4), and PostgreSQL refuses NUL
      defects.add(where + " has a message id with control characters, which was skipped");
      return;
    }
    ids.add(id.toString());
  }

  /** The text without RFC 5322 §3.2.2 comments, which may nest; quoted strings are kept. */
  static String withoutComments(String text) {
    if (text.indexOf('(') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && (depth > 0 || quoted) && i + 1 < text.length()) {
        if (depth == 0) {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (depth == 0 && c == '"') {
        quoted = !quoted;
        out.append(c);
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && depth > 0) {
        depth--;
        if (depth == 0) {
          out.append(' ');
        }
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
