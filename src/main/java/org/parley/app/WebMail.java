package org.parley.app;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.parley.delivery.CapturedMail;
import org.parley.delivery.Relay;
import org.parley.delivery.RelayException;
import org.parley.web.MailOut;
import org.parley.web.admin.CapturedMailbox;

/**
 * Connects the web's two mail seams to delivery: mail the web sends (private replies, forwards,
 * sign-up links) goes through the site's {@link Relay} — the smarthost, or the capture mailbox when
 * none is configured — and the admin's captured-mail page reads {@link CapturedMail}.
 */
final class WebMail implements MailOut, CapturedMailbox {
  private final Relay relay;
  private final CapturedMail captured;

  WebMail(Relay relay, CapturedMail captured) {
    this.relay = relay;
    this.captured = captured;
  }

  @Override
  public void send(String mailFrom, List<String> recipients, byte[] message) throws IOException {
    try {
      relay.send(mailFrom, recipients, message);
    } catch (RelayException e) {
      throw new IOException("the relay did not take the message: " + e.getMessage(), e);
    }
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
