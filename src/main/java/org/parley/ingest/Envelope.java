package org.parley.ingest;

import java.util.List;

/**
 * How a message reached us: the SMTP envelope (RFC 5321 §2.3.1) or its web equivalent.
 *
 * @param mailFrom the reverse path, empty for a bounce ({@code MAIL FROM:<>})
 * @param recipients the forward paths for this site
 * @param remote the client's address, for logs
 * @param helo the name the SMTP client gave in HELO or EHLO (a spam filter in front weighs it);
 *     empty for the web and where it is not known
 */
public record Envelope(String mailFrom, List<String> recipients, String remote, String helo) {
  public Envelope {
    mailFrom = mailFrom == null ? "" : mailFrom;
    recipients = List.copyOf(recipients);
    remote = remote == null ? "" : remote;
    helo = helo == null ? "" : helo;
  }

  /** An envelope with no HELO name: the web's, and one kept from before. */
  public Envelope(String mailFrom, List<String> recipients, String remote) {
    this(mailFrom, recipients, remote, "");
  }
}
