package org.parley.mailtext;

/**
 * A reader's private reply to a post's author: the reader's words, then a signature naming the post
 * it answers.
 *
 * @param body what the reader wrote
 * @param postLink the absolute link to the post replied to
 */
public record PrivateReply(String body, String postLink) implements MailText {
  @Override
  public String template() {
    return "mail/private-reply.jte";
  }
}
