package org.parley.ingest;

import java.util.List;

/**
 * How a message reached us: the SMTP envelope (RFC 5321 §2.3.1) or its web equivalent.
 *
 * @param mailFrom the reverse path, empty for a bounce ({@code MAIL FROM:<>})
 * @param recipients the forward paths for this site
 * @param remote the client's address, for logs
 * @param client the IP address of the client that sent the message, as a literal, for SPF: the
 *     connection's over SMTP, the one a front MTA recorded over LMTP; empty when not known (the
 *     web, an import)
 * @param helo the name the client gave in HELO or EHLO; empty when not known
 */
public record Envelope(
    String mailFrom, List<String> recipients, String remote, String client, String helo) {
  public Envelope {
    mailFrom = mailFrom == null ? "" : mailFrom;
    recipients = List.copyOf(recipients);
    remote = remote == null ? "" : remote;
    client = client == null ? "" : client;
    helo = helo == null ? "" : helo;
  }

  /** An envelope from a path that does not know the client's IP address and HELO name. */
  public Envelope(String mailFrom, List<String> recipients, String remote) {
    this(mailFrom, recipients, remote, "", "");
  }
}
