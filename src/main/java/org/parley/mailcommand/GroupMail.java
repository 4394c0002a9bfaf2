package org.parley.mailcommand;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.parley.crypto.Tokens;
import org.parley.delivery.OutgoingMail;
import org.parley.group.Group;
import org.parley.group.ListAddresses;
import org.parley.mailtext.MailText;
import org.parley.mailtext.MailTexts;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;

/**
 * The mail this package writes to one person about a group (a confirmation, a welcome, a notice to
 * its moderators, a declined request), queued as {@link OutgoingMail}. It comes from the group's
 * owner address, so a reply that is not a command reaches the people who run the group, with the
 * group's bounce address as its return path, and carries {@code Auto-Submitted: auto-replied} (RFC
 * 3834 §5) so that no responder answers it. Its body is the record's template ({@link MailTexts}).
 */
final class GroupMail {
  private final OutgoingMail outgoing;
  private final ListAddresses addresses;
  private final Clock clock;
  private final MailTexts texts = new MailTexts();
  private final MessageComposer composer = new MessageComposer();

  GroupMail(OutgoingMail outgoing, String domain, Clock clock) {
    this.outgoing = outgoing;
    this.addresses = new ListAddresses(domain);
    this.clock = clock;
  }

  ListAddresses addresses() {
    return addresses;
  }

  /**
   * Queues {@code text} to {@code to}, in a transaction of its own.
   *
   * @param replyTo where a reply goes (a {@code -confirm+<token>@} address), or null for the
   *     group's owners
   */
  void send(Group group, String to, String subject, MailText text, String replyTo)
      throws IOException {
    String messageId = messageId();
    outgoing.queue(
        messageId,
        addresses.bounces(group.name()),
        List.of(to),
        compose(group, to, subject, text, replyTo, messageId));
  }

  /** As {@link #send(Group, String, String, MailText, String)}, in the caller's transaction. */
  void send(Handle h, Group group, String to, String subject, MailText text, String replyTo) {
    String messageId = messageId();
    outgoing.queue(
        h,
        messageId,
        addresses.bounces(group.name()),
        List.of(to),
        compose(group, to, subject, text, replyTo, messageId));
  }

  private String messageId() {
    return Tokens.hex(16) + "@" + addresses.domain();
  }

  private byte[] compose(
      Group group, String to, String subject, MailText text, String replyTo, String messageId) {
    return composer.compose(
        new Draft(
            messageId,
            clock.instant(),
            new Mailbox(group.title(), addresses.owner(group.name())),
            List.of(new Mailbox("", to)),
            List.of(),
            replyTo == null ? null : new Mailbox(group.title(), replyTo),
            subject,
            null,
            List.of(),
            texts.render(text),
            null,
            Map.of("Auto-Submitted", "auto-replied")));
  }
}
