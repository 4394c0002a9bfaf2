package org.parley.mime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link MessageParser} reads from one raw message (RFC 5322, MIME RFC 2045–2049): the fields
 * Parley threads, lists and shows, the readable body, attachments, every header in order and the
 * defects met on the way.
 *
 * @param messageId the Message-ID (RFC 5322 §3.6.4) without angle brackets; made up from the
 *     SHA-256 of the raw bytes when missing or unreadable
 * @param messageIdGenerated whether {@code messageId} was made up
 * @param references the msg-ids of References, in order, without brackets
 * @param inReplyTo the first msg-id of In-Reply-To, or null
 * @param subject the decoded Subject, or "" when missing
 * @param from the first mailbox of From, or null when there is none
 * @param to the mailboxes of To
 * @param cc the mailboxes of Cc
 * @param replyTo the mailboxes of Reply-To
 * @param date the Date (RFC 5322 §3.3), or null when missing or unreadable
 * @param text the plain-text body, never null; derived from the HTML when there is no text part
 * @param html the HTML body as the message carries it, decoded but NOT sanitised, or null when
 *     there is none; it is derived data, never shown as it is: whatever shows it sanitises it first
 *     ({@link PageHtml}, {@link HtmlSanitizer})
 * @param attachments every part that is not the body, in message order
 * @param headers the top-level header fields, in order
 * @param defects what was wrong with the message, in words a person can read
 */
public record ParsedMessage(
    String messageId,
    boolean messageIdGenerated,
    List<String> references,
    String inReplyTo,
    String subject,
    Mailbox from,
    List<Mailbox> to,
    List<Mailbox> cc,
    List<Mailbox> replyTo,
    Instant date,
    String text,
    String html,
    List<Attachment> attachments,
    List<Header> headers,
    List<String> defects) {

  /** Rejects nulls where they are not allowed and makes the lists unmodifiable. */
  public ParsedMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    references = List.copyOf(references);
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    replyTo = List.copyOf(replyTo);
    attachments = List.copyOf(attachments);
    headers = List.copyOf(headers);
    defects = List.copyOf(defects);
  }

  /** The value of the first header field of that name, ignoring case, decoded and unfolded. */
  public Optional<String> header(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst();
  }

  /** The values of every header field of that name, ignoring case, in order. */
  public List<String> headers(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .toList();
  }
}
