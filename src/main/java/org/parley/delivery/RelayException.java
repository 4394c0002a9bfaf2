package org.parley.delivery;

/**
 * A relay did not take a message. Permanent failures are RFC 5321 §4.2.1 5yz replies (the address
 * or message is refused for good); temporary ones are 4yz replies and failures with no reply at all
 * (connection refused, timeouts), which are worth trying again later.
 */
public final class RelayException extends Exception {
  private final boolean permanent;
  private final int code;
  private final String reply;

  /**
   * @param code the SMTP reply code, or 0 when there was no reply (the relay could not be reached)
   * @param reply the reply text, or a description of what went wrong when there was no reply
   */
  public RelayException(boolean permanent, int code, String reply, Throwable cause) {
    super((code > 0 ? code + " " : "") + reply, cause);
    this.permanent = permanent;
    this.code = code;
    this.reply = reply;
  }

  /** Classifies a reply by its code: 5yz is permanent, anything else is worth retrying. */
  public static RelayException ofReply(int code, String reply, Throwable cause) {
    return new RelayException(code >= 500 && code < 600, code, reply, cause);
  }

  /** The relay could not be reached or stopped answering: try again later. */
  public static RelayException unreachable(String reason, Throwable cause) {
    return new RelayException(false, 0, reason, cause);
  }

  public boolean permanent() {
    return permanent;
  }

  /** The SMTP reply code, or 0 when the relay did not answer. */
  public int code() {
    return code;
  }

  /** Whether no SMTP reply was had at all, so any other message would fail the same way now. */
  public boolean unreachable() {
    return code == 0;
  }

  /** The reply text as the relay sent it (code included), or what went wrong. */
  public String reply() {
    return reply;
  }
}
