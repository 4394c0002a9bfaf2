package org.parley.mailtext;

/**
 * A post a reader forwards: the reader's note, the original's fields as mail programs show a
 * forwarded message, its text, and a link to it in the archive.
 *
 * @param note what the reader wrote above it (may be empty)
 * @param from the author as the forwarding reader may see them: a name, or a name and address
 * @param date when the post was written, in words
 * @param subject the post's subject
 * @param to the group's address
 * @param body the post's plain text (empty when it has none)
 * @param link the absolute link to the post
 */
public record ForwardedPost(
    String note, String from, String date, String subject, String to, String body, String link)
    implements MailText {
  /** Null text becomes empty, so a post without a text part forwards its header and link. */
  public ForwardedPost {
    note = note == null ? "" : note;
    subject = subject == null ? "" : subject;
    body = body == null ? "" : body;
  }

  @Override
  public String template() {
    return "mail/forward.jte";
  }
}
