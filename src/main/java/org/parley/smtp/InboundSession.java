package org.parley.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.parley.group.GroupName;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Ingestor;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/**
 * One mail transaction (MAIL, RCPT…, DATA). Recipients are checked at RCPT; the message is parsed,
 * screened for every group it is addressed to, and refused whole if any group refuses it; then it
 * is archived in each, and 250 is answered only after every commit (RFC 5321 §4.2.5: the server
 * takes responsibility only when it has stored the message).
 */
final class InboundSession implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(InboundSession.class);

  private final MessageContext context;
  private final RecipientResolver resolver;
  private final Ingestor ingestor;
  private final long maxBytes;
  private String mailFrom = "";
  private final Set<GroupName> groups = new LinkedHashSet<>();
  private final List<String> recipients = new ArrayList<>();
  private int bounces;

  InboundSession(
      MessageContext context, RecipientResolver resolver, Ingestor ingestor, long maxBytes) {
    this.context = context;
    this.resolver = resolver;
    this.ingestor = ingestor;
    this.maxBytes = maxBytes;
  }

  @Override
  public void from(String from) {
    this.mailFrom = from == null ? "" : from;
  }

  @Override
  public void recipient(String rcpt) throws RejectException {
    try {
      switch (resolver.resolve(rcpt)) {
        case RecipientResolver.Target.Post p -> groups.add(p.group());
        case RecipientResolver.Target.Bounce b -> bounces++;
      }
      recipients.add(rcpt);
    } catch (RecipientResolver.Refusal r) {
      log.info(
          "refused RCPT {} from {} ({}): {}",
          rcpt,
          mailFrom,
          context.getRemoteAddress(),
          r.getMessage());
      throw new RejectException(r.code, r.getMessage());
    }
  }

  @Override
  public String data(InputStream in) throws RejectException, IOException {
    byte[] raw = readAtMost(in, maxBytes);
    if (raw == null) {
      throw new RejectException(
          552,
          "5.3.4 Message too big: this site takes messages up to "
              + (maxBytes / (1024 * 1024))
              + " MB");
    }
    if (groups.isEmpty()) {
      // Only bounce addresses: bounce processing records nothing yet, so the report is dropped.
      log.info(
          "received a delivery report for {} bounce address(es) from {}; not processed",
          bounces,
          mailFrom);
      return "2.0.0 Report received";
    }
    Envelope envelope =
        new Envelope(mailFrom, recipients, String.valueOf(context.getRemoteAddress()));
    List<Ingestor.Prepared.Ready> ready = new ArrayList<>();
    for (GroupName group : groups) {
      switch (ingestor.prepare(new Submission(group, raw, envelope, Source.SMTP))) {
        case Ingestor.Prepared.Done d -> {
          switch (d.result()) {
            case IngestResult.Refused r ->
                throw new RejectException(r.code(), r.status() + " " + oneLine(r.reason()));
            case IngestResult.Failed f ->
                throw new RejectException(451, "4.3.0 " + oneLine(f.reason()));
            case IngestResult.Discarded x -> {}
            case IngestResult.Accepted a -> {}
          }
        }
        case Ingestor.Prepared.Ready r -> ready.add(r);
      }
    }
    for (Ingestor.Prepared.Ready r : ready) {
      if (ingestor.commit(r) instanceof IngestResult.Failed f) {
        throw new RejectException(451, "4.3.0 " + oneLine(f.reason()));
      }
    }
    return "2.0.0 Ok: queued as " + ready.size() + " post(s)";
  }

  @Override
  public void done() {}

  /** Reads the message, or returns null (after draining the rest) when it exceeds the limit. */
  private static byte[] readAtMost(InputStream in, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int n;
    boolean tooBig = false;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > max) {
        tooBig = true;
      } else {
        out.write(buf, 0, n);
      }
    }
    return tooBig ? null : out.toByteArray();
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }
}
