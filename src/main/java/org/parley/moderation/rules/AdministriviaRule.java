package org.parley.moderation.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code administrivia} (GNU Mailman's rule of that name): a message whose subject, or one of the
 * first lines of its text, is a request to join or leave ("unsubscribe", "remove me", "subscribe
 * ada@example.org") is meant for the list, not for every member; sent on, it reaches them all and
 * leaves the sender where they were. It is refused with a sentence that says how to leave or join.
 *
 * <p>Stricter than Mailman's, because this refuses where Mailman holds: a line counts only when its
 * first word is one of {@link #COMMANDS} and every word after it (at most three) is "me", "please"
 * or an address, so "unsubscribe me please" is a request and "leave it." or "unsubscribe is broken"
 * are posts; "remove" counts only as "remove me". The subject and the first {@value #MAX_LINES}
 * lines of the text that are not blank are read; quoted lines ({@code >}) never match. Imported
 * mail passes.
 */
public final class AdministriviaRule implements Rule {
  /** How many non-blank lines of the text are read (Mailman's email_commands_max_lines). */
  public static final int MAX_LINES = 10;

  /** The words that make a request, alone or with "me", "please" or an address after them. */
  static final Set<String> COMMANDS =
      Set.of("subscribe", "unsubscribe", "join", "leave", "signoff", "remove");

  private static final Set<String> ARGUMENTS = Set.of("me", "please", "pls");
  private static final int MAX_COMMAND_LENGTH = 11; // "unsubscribe"

  @Override
  public String id() {
    return "administrivia";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported()) {
      return Check.PASS;
    }
    for (String line : linesToRead(s)) {
      String command = command(line);
      if (command != null) {
        return Check.refuse(id(), 550, "5.7.1", sentence(command, s.groupAddress()));
      }
    }
    return Check.PASS;
  }

  private static List<String> linesToRead(Screening s) {
    List<String> lines = new ArrayList<>();
    if (s.message().subject() != null) {
      lines.add(s.message().subject());
    }
    String text = s.message().text();
    if (text != null) {
      int read = 0;
      for (String line : (Iterable<String>) text.lines()::iterator) {
        if (line.isBlank()) {
          continue;
        }
        if (++read > MAX_LINES) {
          break;
        }
        lines.add(line);
      }
    }
    return lines;
  }

  /** The command {@code line} is, or null. */
  static String command(String line) {
    String stripped = line.strip();
    int end = 0;
    while (end < stripped.length() && !Character.isWhitespace(stripped.charAt(end))) {
      end++;
    }
    // most lines are not commands: look at the first word before splitting the line
    if (end > MAX_COMMAND_LENGTH
        || !COMMANDS.contains(stripped.substring(0, end).toLowerCase(Locale.ROOT))) {
      return null;
    }
    String[] words = stripped.toLowerCase(Locale.ROOT).split("\\s+");
    if (words.length > 4) {
      return null;
    }
    boolean me = false;
    for (int i = 1; i < words.length; i++) {
      String w = words[i].replaceAll("[.!,;:]+$", "");
      if (!ARGUMENTS.contains(w) && !w.contains("@")) {
        return null;
      }
      me |= w.equals("me");
    }
    return words[0].equals("remove") && !me ? null : words[0];
  }

  private static String sentence(String command, String groupAddress) {
    String what =
        switch (command) {
          case "subscribe", "join" -> "a request to join " + groupAddress;
          default -> "a request to leave " + groupAddress;
        };
    return "This looks like "
        + what
        + " (\""
        + command
        + "\"), not a post for its members, so it was not sent to them. To leave, use the"
        + " unsubscribe link at the foot of any message from the group or the Leave button on its"
        + " web page; to join, use the Join button there. If it was meant as a post, reword its"
        + " subject or first lines and send it again.";
  }
}
