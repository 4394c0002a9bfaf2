package org.parley.spam;

import java.util.List;

/**
 * What a filter is told about how a message came, beside its bytes: a filter weighs the envelope
 * sender, the client's address and its HELO name (rspamd's SPF, its greylisting and its hfilter
 * rules read them).
 *
 * @param mailFrom the envelope sender (RFC 5321 reverse path), empty for a bounce
 * @param recipients the envelope recipients at this site
 * @param ip the client's IP address, empty when not known
 * @param helo the name the client gave in HELO or EHLO, empty when not known (the web)
 * @param queueId a name for the message in the filter's log
 */
public record Arrival(
    String mailFrom, List<String> recipients, String ip, String helo, String queueId) {
  public Arrival {
    mailFrom = mailFrom == null ? "" : mailFrom;
    recipients = List.copyOf(recipients);
    ip = ip == null ? "" : ip;
    helo = helo == null ? "" : helo;
    queueId = queueId == null ? "" : queueId;
  }
}
