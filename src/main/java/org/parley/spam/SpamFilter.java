package org.parley.spam;

import java.io.IOException;

/**
 * A spam filter the site hands each incoming message to before the screen (the site setting {@code
 * spam_filter}).
 */
public interface SpamFilter {
  /**
   * Asks the filter what it makes of {@code raw}.
   *
   * @throws IOException if the filter cannot be reached, does not answer within its timeout, or
   *     answers with something that is not a verdict: the message was not screened
   */
  SpamResult check(byte[] raw, Arrival arrival) throws IOException;

  /** The filter as the setting names it, for logs: {@code rspamd:http://127.0.0.1:11333}. */
  String name();
}
