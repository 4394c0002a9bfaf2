package org.parley.archive;

import java.time.Instant;
import java.util.List;
import org.parley.account.AccountId;

/**
 * A screened message ready to archive: the raw bytes (the record) and the fields derived from them
 * that listings and pages need.
 *
 * @param references the msg-ids of References, oldest first
 * @param reply whether the message says it is a reply (a Re: prefix, In-Reply-To or References):
 *     only replies may join a topic by subject
 * @param accountId the author's account, when the From address has one
 * @param distribute whether members get a copy (false for imports)
 */
public record NewPost(
    long groupId,
    byte[] raw,
    MessageId messageId,
    String inReplyTo,
    List<String> references,
    String subject,
    boolean reply,
    String fromAddress,
    String fromName,
    AccountId accountId,
    Instant sentAt,
    String toLine,
    String ccLine,
    String bodyText,
    String bodyHtml,
    List<NewAttachment> attachments,
    String defects,
    String source,
    boolean distribute) {

  /**
   * Every text field with U+0000 replaced by U+FFFD: broken mailers send NUL in names, subjects and
   * bodies, and PostgreSQL's text refuses it, which would fail the commit on every retry. The raw
   * message keeps its bytes.
   */
  public NewPost {
    inReplyTo = text(inReplyTo);
    references = references == null ? List.of() : references.stream().map(NewPost::text).toList();
    subject = text(subject);
    fromAddress = text(fromAddress);
    fromName = text(fromName);
    toLine = text(toLine);
    ccLine = text(ccLine);
    bodyText = text(bodyText);
    bodyHtml = text(bodyHtml);
    defects = text(defects);
  }

  /** An attachment or inline part to store with the post. */
  public record NewAttachment(
      String filename, String contentType, byte[] data, String contentId, boolean inline) {
    public NewAttachment {
      filename = text(filename);
      contentType = text(contentType);
      contentId = text(contentId);
    }
  }

  /** The text with U+0000 replaced by U+FFFD; null stays null. */
  static String text(String s) {
    return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
  }
}
