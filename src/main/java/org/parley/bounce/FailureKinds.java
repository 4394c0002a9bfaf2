package org.parley.bounce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a failure is classed, from its RFC 3463 status code and the remote server's words, in one
 * place for every format:
 *
 * <ol>
 *   <li>a refusal for policy, 5.7.x (§3.8) or its passing kin 4.7.x (rate limits, greylisting), is
 *       {@link Failure.Kind#POLICY POLICY};
 *   <li>a full mailbox (x.2.2, or words such as "over quota", "mailbox full") is {@link
 *       Failure.Kind#SOFT SOFT} even when the server says 5xx, as GNU Mailman treats it;
 *   <li>words of policy (DMARC, SPF, DKIM, "policy", spam, block lists, "rejected due to") make a
 *       failure {@code POLICY}, unless its status is about the address itself (x.1.x);
 *   <li>otherwise the class of the status decides, 5 {@link Failure.Kind#HARD HARD} and 4 {@code
 *       SOFT}; without a status the SMTP reply code does (RFC 5321 §4.2.1), and without either the
 *       words of an unknown address ("user unknown", "no such user", "does not exist", …) make it
 *       {@code HARD}; failing all that, the format's own default.
 * </ol>
 */
final class FailureKinds {
  private FailureKinds() {}

  /** An enhanced status code (RFC 3463 §2): class, subject (0 to 7), detail. */
  private static final Pattern STATUS =
      Pattern.compile("(?<![\\d.])([245])\\.([0-7])\\.(\\d{1,3})(?![\\d.])");

  /** A basic SMTP reply code of a failure (RFC 5321 §4.2), as servers quote it. */
  private static final Pattern REPLY = Pattern.compile("(?<![\\w.\\[-])([45])\\d\\d(?=[ \\-:]|$)");

  private static final List<String> FULL =
      List.of(
          "quota",
          "mailbox full",
          "mailbox is full",
          "mailbox has exceeded",
          "inbox is full",
          "mail box full",
          "over the storage limit");

  private static final Pattern POLICY_WORDS =
      Pattern.compile(
          "\\b(dmarc|spf|dkim|policy|policies|spam\\w*|block ?list\\w*|black ?list\\w*"
              + "|deny ?list\\w*|rejected due to|reputation)\\b");

  private static final List<String> UNKNOWN_ADDRESS =
      List.of(
          "user unknown",
          "unknown user",
          "no such user",
          "nosuchuser",
          "no such mailbox",
          "no such address",
          "no mailbox here",
          "does not exist",
          "doesn't exist",
          "doesn't have a",
          "does not have a",
          "recipient address rejected",
          "mailbox unavailable",
          "mailbox is unavailable",
          "account disabled",
          "account is disabled",
          "account has been disabled",
          "mailbox is disabled",
          "not listed in",
          "invalid recipient",
          "unknown recipient",
          "recipient not found",
          "address not found",
          "user not found",
          "unrouteable address");

  /**
   * A failure of {@code recipient} with {@code status} as the report gives it (possibly empty, or
   * with a comment, such as {@code 5.0.0 (permanent failure)}) and the server's words: the status
   * is the code alone, taken from the diagnostic when the report gives none.
   *
   * @param whenUnsure the kind when neither a code nor the words say, as the format reads it
   */
  static Failure failure(
      String recipient, String status, String diagnostic, Failure.Kind whenUnsure) {
    String words = oneLine(diagnostic);
    String code = statusIn(status).or(() -> statusIn(words)).orElse("");
    return new Failure(
        recipient, kindOf(code, (status + " " + words).strip(), whenUnsure), code, words);
  }

  /** The kind of a failure with status {@code code} (possibly empty) and these words. */
  static Failure.Kind kindOf(String code, String words, Failure.Kind whenUnsure) {
    String w = words.toLowerCase(Locale.ROOT);
    if (code.startsWith("5.7.") || code.startsWith("4.7.")) {
      return Failure.Kind.POLICY;
    }
    if (code.endsWith(".2.2") || FULL.stream().anyMatch(w::contains)) {
      return Failure.Kind.SOFT;
    }
    if (!code.matches("[45]\\.1\\..*") && POLICY_WORDS.matcher(w).find()) {
      return Failure.Kind.POLICY;
    }
    if (code.startsWith("5.")) {
      return Failure.Kind.HARD;
    }
    if (code.startsWith("4.")) {
      return Failure.Kind.SOFT;
    }
    Matcher reply = REPLY.matcher(w);
    if (reply.find()) {
      return reply.group(1).equals("5") ? Failure.Kind.HARD : Failure.Kind.SOFT;
    }
    if (UNKNOWN_ADDRESS.stream().anyMatch(w::contains)) {
      return Failure.Kind.HARD;
    }
    return whenUnsure;
  }

  /** The first enhanced status code in {@code text}, such as {@code 5.1.1}. */
  static Optional<String> statusIn(String text) {
    Matcher m = STATUS.matcher(text);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  /**
   * The remote server's own words in a report's sentence about a failure: from its SMTP reply code
   * on ({@code host mx.example.org[192.0.2.25] said: 550 5.1.1 …} gives {@code 550 5.1.1 …}),
   * without what the reporting server added after them ("(in reply to RCPT TO command)", "Giving up
   * on …"); the whole sentence when it quotes no reply.
   */
  static String remoteWords(String sentence) {
    String text = oneLine(sentence);
    Matcher reply = REPLY.matcher(text);
    if (!reply.find()) {
      return text;
    }
    String words = text.substring(reply.start());
    for (String added : List.of(" (in reply to ", " Giving up on ")) {
      int at = words.indexOf(added);
      if (at > 0) {
        words = words.substring(0, at);
      }
    }
    return words.strip();
  }

  /** {@code text} with its line breaks and runs of white space made one space. */
  static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
