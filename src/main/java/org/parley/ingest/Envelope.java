package org.parley.ingest;

import java.util.List;

/**
 * How a message reached us: the SMTP envelope (RFC 5321 §2.3.1) or its web equivalent.
 *
 * @param mailFrom the reverse path, empty for a bounce ({@code MAIL FROM:<>})
 * @param recipients the forward paths for this site
 * @param remote the client's address, for logs
 */
public record Envelope(String mailFrom, List<String> recipients, String remote) {
  public Envelope {
    mailFrom = mailFrom == null ? "" : mailFrom;
    recipients = List.copyOf(recipients);
    remote = remote == null ? "" : remote;
  }
}
