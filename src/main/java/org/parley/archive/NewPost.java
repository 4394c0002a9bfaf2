package org.parley.archive;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.parley.account.AccountId;
import org.parley.spam.SpamScore;

/**
 * A screened message ready to archive: the raw bytes (the record) and the fields derived from them
 * that listings and pages need.
 *
 * @param references the msg-ids of References, oldest first
 * @param reply whether the message says it is a reply (a Re: prefix, In-Reply-To or References):
 *     only replies may join a topic by subject
 * @param accountId the author's account, when the From address has one
 * @param distribute whether members get a copy (false for imports)
 * @param hits what the screen's rules found that did not stop the post, in the order they ran;
 *     stored with it (most posts have none)
 * @param spam what the site's spam filter in front said of it; empty when none looked at it
 * @param authenticationResults the site's own Authentication-Results for the message (RFC 8601):
 *     what the door found out about its sender; empty when nothing was checked
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
    boolean distribute,
    List<RuleHit> hits,
    Optional<SpamScore> spam,
    String authenticationResults) {

  public NewPost {
    hits = List.copyOf(hits);
    spam = spam == null ? Optional.empty() : spam;
    authenticationResults = authenticationResults == null ? "" : authenticationResults;
  }

  /** An attachment or inline part to store with the post. */
  public record NewAttachment(
      String filename, String contentType, byte[] data, String contentId, boolean inline) {}

  /** A rule's hit to store with the post: the rule's id and what it found. */
  public record RuleHit(String rule, String reason) {}
}
