package org.parley.web;

import java.io.IOException;
import java.util.List;

/**
 * Where the web sends mail that is not a post: a private reply to an author, a forwarded post, a
 * sign-up link. It goes out through the site's delivery relay (or the captured mailbox when none is
 * configured); the site wires the implementation. Like an SMTP relay (RFC 5321 §4.2.5), {@code
 * send} returns once the next hop has taken the message, or throws.
 */
public interface MailOut {
  void send(String mailFrom, List<String> recipients, byte[] message) throws IOException;
}
