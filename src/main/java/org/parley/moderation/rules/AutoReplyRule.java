package org.parley.moderation.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.moderation.Check;
import org.parley.moderation.PostHistory;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code auto-reply}: automatic replies that carry none of the headers {@link AutoSubmittedRule}
 * knows, recognised by what they do (RELIABILITY E2; the 2003 out-of-office loop). Refused like
 * Auto-Submitted mail, with {@code 550 5.7.1}:
 *
 * <ul>
 *   <li>a subject that starts with an auto-reply prefix ("Away:", "Auto:", "Out of Office:",
 *       "Automatic reply:" …) stacked on another prefix: "Away: Away: …", "Auto: Re: Out of
 *       office", "Away: [news] Hello". A person's "Away: back on Monday" passes;
 *   <li>a text that quotes a post of the group (its first {@value #FINGERPRINT} characters, quote
 *       marks and spacing aside, in the part of the text from its first quoted line or "Original
 *       Message" line on, see {@link #quotedPart}) within {@link #QUOTE_WINDOW} of the group's
 *       receiving it: sooner than a person reads and answers, as soon as a vacation script does.
 * </ul>
 *
 * Imported mail passes.
 */
public final class AutoReplyRule implements Rule {
  /** How soon after a post a reply that quotes it whole is taken for an automatic one. */
  public static final Duration QUOTE_WINDOW = Duration.ofSeconds(30);

  /** How much of a post's text (normalised) a quote must hold. */
  static final int FINGERPRINT = 200;

  /** The shortest post text (normalised) worth recognising in a quote. */
  static final int MIN_QUOTED = 40;

  /** How many of the latest posts are compared. */
  private static final int RECENT = 20;

  /** Subject prefixes that auto-responders put before the subject they answer (lower case). */
  static final Set<String> AUTO_PREFIXES =
      Set.of(
          "away",
          "auto",
          "autoreply",
          "auto-reply",
          "auto reply",
          "automatic reply",
          "auto response",
          "auto-response",
          "autoresponse",
          "out of office",
          "out of the office",
          "out of office reply",
          "ooo",
          "vacation",
          "on vacation",
          "abwesend",
          "abwesenheitsnotiz",
          "automatische antwort",
          "réponse automatique",
          "reponse automatique",
          "absent",
          "absence",
          "respuesta automática",
          "respuesta automatica",
          "risposta automatica",
          "automatisch antwoord",
          "autosvar");

  /** Prefixes of replies and forwards, in the languages mail programs use (lower case). */
  static final Set<String> REPLY_PREFIXES =
      Set.of(
          "re", "fw", "fwd", "aw", "wg", "sv", "vs", "antw", "tr", "r", "rif", "odp", "ynt", "vb",
          "res", "enc", "rv");

  private final PostHistory history;
  private final Clock clock;

  public AutoReplyRule(PostHistory history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  @Override
  public String id() {
    return "auto-reply";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported()) {
      return Check.PASS;
    }
    String subject = s.message().subject();
    if (subject != null && stackedAutoPrefix(subject)) {
      return refuse("its subject is a stack of auto-reply prefixes (\"" + head(subject) + "\")");
    }
    String text = s.message().text();
    if (text == null || text.isBlank()) {
      return Check.PASS;
    }
    // most mail quotes nothing: then the archive is not asked for the group's recent posts
    String quoted = normalise(quotedPart(text));
    if (quoted.isEmpty()) {
      return Check.PASS;
    }
    Instant now = clock.instant();
    for (PostHistory.Recent p : history.since(s.group().id(), now.minus(QUOTE_WINDOW), RECENT)) {
      String theirs = normalise(p.text());
      if (theirs.length() < MIN_QUOTED) {
        continue;
      }
      String fingerprint = theirs.substring(0, Math.min(FINGERPRINT, theirs.length()));
      if (quoted.contains(fingerprint)) {
        long seconds = Math.max(0, Duration.between(p.receivedAt(), now).toSeconds());
        return refuse(
            "it quotes a post of this group "
                + seconds
                + " seconds after the group received it, as an automatic reply does. If you"
                + " wrote it, wait a minute and send it again");
      }
    }
    return Check.PASS;
  }

  /**
   * Whether {@code subject} starts with an auto-reply prefix followed by another prefix: an
   * auto-reply prefix, a reply or forward prefix, or a list's {@code [tag]}.
   */
  public static boolean stackedAutoPrefix(String subject) {
    String rest = subject.strip().toLowerCase(Locale.ROOT);
    int prefixes = 0;
    boolean autoFirst = false;
    while (!rest.isEmpty() && prefixes < 10) {
      String kind;
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0 || close > 60) {
          break;
        }
        kind = "tag";
        rest = rest.substring(close + 1).strip();
      } else {
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon > 30) {
          break;
        }
        // "Re[2]:" and "AW(3):" count as the reply prefix they number
        String word = rest.substring(0, colon).strip().replaceAll("\\s*[\\[(]\\d+[\\])]$", "");
        if (AUTO_PREFIXES.contains(word)) {
          kind = "auto";
        } else if (REPLY_PREFIXES.contains(word)) {
          kind = "reply";
        } else {
          break;
        }
        rest = rest.substring(colon + 1).strip();
      }
      if (prefixes == 0) {
        autoFirst = kind.equals("auto");
      }
      prefixes++;
      if (autoFirst && prefixes >= 2) {
        return true;
      }
    }
    return false;
  }

  /**
   * The part of {@code text} that quotes another message: from its first quoted line ({@code >}) or
   * the line that introduces a copy ("----- Original Message -----", "Begin forwarded message", "On
   * … wrote:"), to the end; empty when it has none. A text that merely repeats another (test mail
   * made from one template, a post sent twice) is not a quote of it.
   */
  static String quotedPart(String text) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.startsWith(">") || COPY_INTRODUCED.matcher(l).find()) {
        return String.join("\n", lines.subList(i, lines.size()));
      }
    }
    return "";
  }

  /** Lines that introduce a copy of the message answered. */
  private static final Pattern COPY_INTRODUCED =
      Pattern.compile(
          "^-{2,}\\s*(original message|message d'origine|ursprüngliche nachricht)\\s*-{2,}$"
              + "|^begin forwarded message|wrote:$|schrieb:$|a écrit\\s*:$",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /**
   * The text as a quote of it reads: quote marks at the start of lines dropped, runs of spacing
   * made one space, in lower case.
   */
  static String normalise(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 1 << 16));
    for (String line : (Iterable<String>) text.lines()::iterator) {
      String l = line.stripLeading();
      while (l.startsWith(">")) {
        l = l.substring(1).stripLeading();
      }
      for (String word : l.split("\\s+")) {
        if (!word.isEmpty()) {
          if (!out.isEmpty()) {
            out.append(' ');
          }
          out.append(word);
        }
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static String head(String subject) {
    String s = subject.strip();
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  private Check refuse(String why) {
    return Check.refuse(
        id(), 550, "5.7.1", "This group does not take automatic mail: " + why + ".");
  }
}
