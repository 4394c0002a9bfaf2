package org.parley.bounce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An automatic reply: a vacation notice or an out-of-office, which says nothing about whether the
 * address takes mail. Its signs: {@code Auto-Submitted: auto-replied} (RFC 3834 §5), the fields
 * {@code X-Autoreply} and {@code X-Autorespond}, {@code Precedence: auto_reply}, Microsoft
 * Exchange's {@code X-MS-Exchange-Inbox-Rules-Loop}, the subjects Outlook and others give
 * ("Automatic reply:", "Auto:", "Out of Office"), and vacation(1)'s "away from my mail". It runs
 * after the rules for delivery reports, since Postfix and Exim mark their bounces {@code
 * auto-replied} too.
 */
final class AutoReplyRule implements BounceRule {
  private static final List<String> FIELDS =
      List.of("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-MS-Exchange-Inbox-Rules-Loop");
  private static final List<String> SUBJECT_STARTS =
      List.of("automatic reply:", "auto:", "autoreply:", "auto-reply:", "auto reply:");
  private static final List<String> SUBJECT_WORDS =
      List.of("out of office", "out of the office", "away from my mail");

  @Override
  public String id() {
    return "auto-reply";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    String submitted = mail.header("Auto-Submitted");
    if (submitted.toLowerCase(Locale.ROOT).startsWith("auto-replied")) {
      return sign("Auto-Submitted: " + submitted);
    }
    for (String field : FIELDS) {
      if (mail.outline().header(field).isPresent()) {
        return sign(field + ": " + mail.header(field));
      }
    }
    String precedence = mail.header("Precedence");
    if (precedence.equalsIgnoreCase("auto_reply")) {
      return sign("Precedence: " + precedence);
    }
    String subject = mail.subject();
    String lower = subject.toLowerCase(Locale.ROOT);
    if (SUBJECT_STARTS.stream().anyMatch(lower::startsWith)
        || SUBJECT_WORDS.stream().anyMatch(lower::contains)) {
      return sign("Subject: " + subject);
    }
    if (mail.text().toLowerCase(Locale.ROOT).contains("away from my mail")) {
      return sign("the words \"away from my mail\" of vacation(1)");
    }
    return Optional.empty();
  }

  private static Optional<Reading> sign(String sign) {
    return Optional.of(new Reading.AutoReply(sign.strip()));
  }
}
