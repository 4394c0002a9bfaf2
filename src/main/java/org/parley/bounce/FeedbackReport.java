package org.parley.bounce;

/**
 * An abuse feedback report (ARF, RFC 5965): a mail provider telling the sender that one of its
 * users marked a message as spam.
 *
 * @param feedbackType the {@code Feedback-Type} (§3.1), such as {@code abuse}, in lower case
 * @param userAgent the {@code User-Agent} of the software that made the report, empty when missing
 * @param originalRecipient the {@code Original-Rcpt-To} (§3.2), often redacted, empty when missing
 * @param originalMailFrom the {@code Original-Mail-From} (§3.2): for our copies, the VERP return
 *     path that names the member, empty when missing
 * @param reportedHeaders the header section of the reported message (its third part, §2 (d)), as
 *     text: its {@code List-Unsubscribe} and {@code List-Id} name the member and the group even
 *     when the provider redacts the recipient; empty when the report carries no such part
 */
public record FeedbackReport(
    String feedbackType,
    String userAgent,
    String originalRecipient,
    String originalMailFrom,
    String reportedHeaders) {}
