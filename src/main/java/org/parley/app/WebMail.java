package org.parley.app;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.parley.delivery.CapturedMail;
import org.parley.delivery.OutgoingMail;
import org.parley.delivery.Relay;
import org.parley.web.MailOut;
import org.parley.web.admin.CapturedMailbox;

/**
 * Connects the web's two mail seams to delivery: mail the web writes (private replies, forwards,
 * sign-up links) is queued as {@link OutgoingMail}, whose job hands it to the site's {@link Relay}
 * (the smarthost, or the capture mailbox when none is configured) after the request; and the
 * admin's captured-mail page reads {@link CapturedMail}.
 */
final class WebMail implements MailOut, CapturedMailbox {
  private final OutgoingMail outgoing;
  private final CapturedMail captured;

  WebMail(OutgoingMail outgoing, CapturedMail captured) {
    this.outgoing = outgoing;
    this.captured = captured;
  }

  @Override
  public void queue(String messageId, String mailFrom, List<String> recipients, byte[] message)
      throws IOException {
    outgoing.queue(messageId, mailFrom, recipients, message);
  }

  @Override
  public List<Summary> recent(int limit) {
    return captured.latest(limit).stream()
        .map(
            e ->
                new Summary(
                    e.id(), e.headerFrom(), e.headerTo(), e.to(), e.subject(), e.capturedAt()))
        .toList();
  }

  @Override
  public Optional<Captured> find(long id) {
    return captured
        .find(id)
        .flatMap(
            e ->
                captured
                    .raw(id)
                    .map(
                        raw ->
                            new Captured(
                                e.id(), e.from(), e.to(), e.subject(), raw, e.capturedAt())));
  }
}
