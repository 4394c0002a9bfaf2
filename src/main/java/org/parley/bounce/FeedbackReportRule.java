package org.parley.bounce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.parley.mime.FieldBlocks;
import org.parley.mime.Header;
import org.parley.mime.MessageOutline;

/**
 * An abuse feedback report (ARF, RFC 5965): a {@code multipart/report} of {@code
 * report-type=feedback-report} (§2) whose {@code message/feedback-report} part (§3) gives the
 * {@code Feedback-Type}, {@code User-Agent}, {@code Original-Mail-From} and {@code
 * Original-Rcpt-To}, and whose third part, {@code message/rfc822} or {@code text/rfc822-headers},
 * is the reported message, of which its header section is kept.
 */
final class FeedbackReportRule implements BounceRule {
  @Override
  public String id() {
    return "arf";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    MessageOutline outline = mail.outline();
    List<MessageOutline.Part> reports = outline.parts("message/feedback-report");
    if (reports.isEmpty()) {
      return outline.reportType().equals("feedback-report")
          ? Optional.of(
              new Reading.Other("a feedback report without its message/feedback-report part"))
          : Optional.empty();
    }
    List<Header> fields =
        FieldBlocks.read(reports.getFirst().text()).stream().flatMap(List::stream).toList();
    return Optional.of(
        new Reading.Feedback(
            new FeedbackReport(
                value(fields, "Feedback-Type").toLowerCase(Locale.ROOT),
                value(fields, "User-Agent"),
                bare(value(fields, "Original-Rcpt-To")),
                bare(value(fields, "Original-Mail-From")),
                reportedHeaders(outline))));
  }

  private static String value(List<Header> fields, String name) {
    return FieldBlocks.value(fields, name).orElse("");
  }

  /** An address without the angle brackets the report gives it in ({@code <bob@example.com>}). */
  private static String bare(String address) {
    String a = address.strip();
    return a.startsWith("<") && a.endsWith(">") ? a.substring(1, a.length() - 1).strip() : a;
  }

  /** The header section of the reported message (§2 (d)), lines ending in "\n"; or "". */
  private static String reportedHeaders(MessageOutline outline) {
    for (MessageOutline.Part part : outline.parts()) {
      String type = part.mimeType();
      if (type.equals("message/rfc822")
          || type.equals("text/rfc822-headers")
          || type.equals("message/rfc822-headers")
          || type.equals("message/global")
          || type.equals("message/global-headers")) {
        String text = part.text().stripLeading();
        int end = text.indexOf("\n\n");
        return (end < 0 ? text.strip() : text.substring(0, end)) + "\n";
      }
    }
    return "";
  }
}
