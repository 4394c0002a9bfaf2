package org.parley.bench;

import jakarta.mail.MessagingException;

/** One load-generator connection: sends a message and times it, as {@link Intake} needs. */
interface SmtpSender extends AutoCloseable {
  /**
   * Sends one message; returns nanoseconds from the DATA command to the final reply.
   *
   * @throws MessagingException when the server refuses it (the message says why)
   */
  long send(String from, String rcpt, byte[] message) throws MessagingException;

  @Override
  void close();
}
