package org.parley.bounce;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.mime.DeliveryStatus;

/**
 * Reads what came back to a bounce address: an RFC 3464 delivery status notification, one of the
 * non-standard bounce formats, an automatic reply, or an RFC 5965 feedback report. Every format it
 * knows is one rule in this class, each with a real sample in the tests. Nothing here throws: what
 * cannot be read is {@link Reading.Other} with the reason.
 */
public final class BounceReader {
  private BounceReader() {}

  /** What {@code raw} is. */
  public static Reading read(byte[] raw) {
    Optional<FeedbackReport> arf = feedback(raw);
    if (arf.isPresent()) {
      return new Reading.Feedback(arf.get());
    }
    try {
      DeliveryStatus report = DeliveryStatus.parse(raw);
      List<Failure> failures = new ArrayList<>();
      for (DeliveryStatus.Recipient r : report.recipients()) {
        if (!r.action().equals("failed")) {
          continue;
        }
        String recipient =
            r.finalRecipient().isEmpty() ? r.originalRecipient() : r.finalRecipient();
        failures.add(new Failure(recipient, kindOf(r.status()), r.status(), r.diagnosticCode()));
      }
      if (failures.isEmpty()) {
        return new Reading.Other("a delivery report with no failed recipient");
      }
      return new Reading.Bounced(failures, "rfc3464");
    } catch (DeliveryStatus.Malformed e) {
      return new Reading.Other("not a delivery report: " + e.getMessage());
    }
  }

  private static final Pattern FEEDBACK_PART =
      Pattern.compile("(?im)^content-type:[ \\t]*message/feedback-report");
  private static final Pattern REPORTED_PART =
      Pattern.compile("(?im)^content-type:[ \\t]*(?:message/rfc822|text/rfc822-headers)");

  /**
   * A minimal reading of an RFC 5965 feedback report, by its text: the fields of its {@code
   * message/feedback-report} part (§3) and the header section of the reported message that follows
   * it (§2 (d)). Empty for anything that has no such part.
   */
  private static Optional<FeedbackReport> feedback(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    Matcher part = FEEDBACK_PART.matcher(text);
    if (!part.find()) {
      return Optional.empty();
    }
    int body = text.indexOf("\n\n", part.end());
    if (body < 0) {
      return Optional.empty();
    }
    String fields = block(text, body + 2).replaceAll("\n[ \t]+", " ");
    Map<String, String> values = new HashMap<>();
    for (String line : fields.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        values.putIfAbsent(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }
    String reported = "";
    Matcher headers = REPORTED_PART.matcher(text);
    if (headers.find(body)) {
      int start = text.indexOf("\n\n", headers.end());
      if (start >= 0) {
        reported = block(text, start + 2);
      }
    }
    return Optional.of(
        new FeedbackReport(
            values.getOrDefault("feedback-type", "").toLowerCase(Locale.ROOT),
            values.getOrDefault("user-agent", ""),
            unbracketed(values.getOrDefault("original-rcpt-to", "")),
            unbracketed(values.getOrDefault("original-mail-from", "")),
            reported));
  }

  /** The text from {@code from} up to the next empty line. */
  private static String block(String text, int from) {
    int end = text.indexOf("\n\n", from);
    return text.substring(from, end < 0 ? text.length() : end);
  }

  private static String unbracketed(String address) {
    String s = address.strip();
    return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1).strip() : s;
  }

  /** The kind of failure an RFC 3463 status code says (§3.1: the class, §3.8: 5.7.x security). */
  static Failure.Kind kindOf(String status) {
    String s = status.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("4")) {
      return Failure.Kind.SOFT;
    }
    if (s.startsWith("5.7")) {
      return Failure.Kind.POLICY;
    }
    return Failure.Kind.HARD;
  }
}
