package org.parley.bounce;

import java.util.List;
import java.util.Optional;

/**
 * Reads what came back to a bounce or feedback address: an abuse feedback report (RFC 5965), an RFC
 * 3464 delivery status notification, one of the non-standard bounce formats, or an automatic reply
 * (RFC 3834). Every format it knows is one {@link BounceRule} in {@link #RULES}, tried in that
 * order, each with a real-looking sample in the tests; how a failure is classed (hard, soft,
 * policy) is {@link FailureKinds}. Nothing here throws: what cannot be read is {@link
 * Reading.Other} with the reason.
 */
public final class BounceReader {
  private BounceReader() {}

  /**
   * The rules, in the order they run: the machine-readable reports first, then the plain-text
   * bounces by their distinctive sentences, and automatic replies last, since bounces often carry
   * the same signs ({@code Auto-Submitted: auto-replied}).
   */
  static final List<BounceRule> RULES =
      List.of(
          new FeedbackReportRule(),
          new DeliveryStatusRule(),
          new QmailRule(),
          new YahooRule(),
          new EximRule(),
          new ExchangeRule(),
          new GmailRule(),
          new DominoRule(),
          new PostfixRule(),
          new AutoReplyRule());

  /** What {@code raw} is. */
  public static Reading read(byte[] raw) {
    if (raw == null || raw.length == 0) {
      return new Reading.Other("an empty message");
    }
    try {
      ReturnedMail mail = new ReturnedMail(raw);
      for (BounceRule rule : RULES) {
        Optional<Reading> reading = rule.read(mail);
        if (reading.isPresent()) {
          return reading.get();
        }
      }
      return new Reading.Other(
          "neither a delivery report, a feedback report nor an automatic reply");
    } catch (RuntimeException e) {
      return new Reading.Other("it cannot be read (" + e + ")");
    }
  }
}
