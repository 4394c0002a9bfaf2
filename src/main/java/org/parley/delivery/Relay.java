package org.parley.delivery;

import java.util.List;

/**
 * Where outbound copies go: the one seam between Parley and the outside mail system. An
 * implementation hands {@code message} to the next hop for every address in {@code rcpt}, with
 * {@code mailFrom} as the envelope sender (RFC 5321 §4.1.1.2 MAIL FROM, the VERP return path), and
 * returns only once the next hop has taken responsibility for it (RFC 5321 §4.2.5: a 250 after
 * DATA) or throws.
 */
public interface Relay {
  /**
   * Sends one message.
   *
   * @param message the complete message, header and body, with CRLF line ends
   * @throws RelayException unless the message was accepted for every recipient; it says whether
   *     trying again later can help and carries the reply of the next hop
   */
  void send(String mailFrom, List<String> rcpt, byte[] message) throws RelayException;
}
