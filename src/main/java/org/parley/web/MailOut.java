package org.parley.web;

import java.io.IOException;
import java.util.List;

/**
 * Where the web hands mail that is not a post: a private reply to an author, a forwarded post, a
 * sign-up link. The message is kept and queued for the site's relay (or the captured mailbox when
 * none is configured), and sent by a job after the request, retried while the relay is down; the
 * site wires the implementation. {@code queue} returns once the message is committed to the queue,
 * so a page may say that it is on its way.
 */
public interface MailOut {
  /**
   * Keeps {@code message} for sending to {@code recipients} with {@code mailFrom} as its envelope
   * sender.
   *
   * @param messageId the message's Message-ID without angle brackets, for the log
   * @throws IOException if it could not be queued (nothing will be sent)
   */
  void queue(String messageId, String mailFrom, List<String> recipients, byte[] message)
      throws IOException;
}
