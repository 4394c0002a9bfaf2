package org.parley.mime;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message for {@link MessageComposer} to write (RFC 5322): a post from the web form, a notice or
 * a digest.
 *
 * @param messageId the Message-ID without angle brackets, e.g. {@code 1234@example.org}
 * @param date when the message was written
 * @param from the author
 * @param to the primary recipients (may be empty)
 * @param cc the other recipients (may be empty)
 * @param replyTo where replies should go, or null
 * @param subject the subject, any Unicode; "" for none
 * @param inReplyTo the msg-id (without brackets) this replies to, or null
 * @param references the msg-ids of the thread, oldest first (may be empty)
 * @param text the plain-text body
 * @param html the HTML body, or null for a plain-text message
 * @param extraHeaders further header fields by name, e.g. List-Id, written in map order
 */
public record Draft(
    String messageId,
    Instant date,
    Mailbox from,
    List<Mailbox> to,
    List<Mailbox> cc,
    Mailbox replyTo,
    String subject,
    String inReplyTo,
    List<String> references,
    String text,
    String html,
    Map<String, String> extraHeaders) {

  /** Rejects missing required parts; null lists and maps become empty ones. */
  public Draft {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
    subject = subject == null ? "" : subject;
    to = to == null ? List.of() : List.copyOf(to);
    cc = cc == null ? List.of() : List.copyOf(cc);
    references = references == null ? List.of() : List.copyOf(references);
    extraHeaders =
        extraHeaders == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders));
  }
}
