package org.parley.mime;

/**
 * A message that {@link MessageParser} refuses because it goes beyond one of its {@link Limits}.
 * The message is one sentence a person can read, e.g. "the message nests MIME parts more than 100
 * deep", so it can be given back as the reason for an SMTP 550 or an HTTP 422.
 */
public final class MalformedMessageException extends Exception {

  /** Creates the exception with the reason a person will read. */
  public MalformedMessageException(String reason) {
    super(reason);
  }
}
