package org.parley.delivery;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.parley.account.EmailAddress;
import org.parley.crypto.Tokens;
import org.parley.db.Database;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.mailtext.MailTexts;
import org.parley.mailtext.Rejection;
import org.parley.mime.Draft;
import org.parley.mime.HeaderText;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;
import org.parley.moderation.HeldMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejects a message held for a moderator, with a reason its sender is mailed: the message leaves
 * the held messages and the notice is queued as {@link OutgoingMail} in one transaction, so either
 * both happen or neither does, and a second moderator acting at the same moment finds nothing to
 * reject and sends nothing.
 *
 * <p>The notice goes to the message's author (as the post would have been archived from) and only
 * to a message that was taken: a held message was answered 250, never refused at the door, so no
 * notice answers a forged envelope of refused mail (no backscatter). Nor is one sent for a message
 * that came with an empty return path ({@code MAIL FROM:<>}: a bounce or other automatic mail, RFC
 * 5321 §4.5.5). It comes from the group's owner address, so a reply reaches the people who run the
 * group, with {@code <group>-bounces@} as its return path, and carries {@code Auto-Submitted:
 * auto-replied} (RFC 3834 §5), so a responder does not answer it. Its text is the template {@code
 * mail/rejection-notice.jte} ({@link MailTexts}).
 */
public final class RejectionNotice {
  private static final Logger log = LoggerFactory.getLogger(RejectionNotice.class);

  /** What a rejection did. */
  public sealed interface Outcome {
    /** Rejected; the sender is mailed the reason at {@code to}. */
    record Told(String to) implements Outcome {}

    /** Rejected; no notice is sent, for the reason given. */
    record Untold(String why) implements Outcome {}

    /** There was no such held message (another moderator acted first). */
    record Gone() implements Outcome {}
  }

  private final Jdbi jdbi;
  private final HeldMessages held;
  private final OutgoingMail outgoing;
  private final GroupStore groups;
  private final ListAddresses addresses;
  private final Clock clock;
  private final MailTexts texts = new MailTexts();
  private final MessageComposer composer = new MessageComposer();

  public RejectionNotice(
      Database db,
      HeldMessages held,
      OutgoingMail outgoing,
      GroupStore groups,
      String domain,
      Clock clock) {
    this.jdbi = db.jdbi();
    this.held = held;
    this.outgoing = outgoing;
    this.groups = groups;
    this.addresses = new ListAddresses(domain);
    this.clock = clock;
  }

  /**
   * Rejects held message {@code id} for {@code reason}, and returns once that (and its notice, if
   * one is sent) is committed.
   *
   * @throws IOException if the store would not take it: the message stays held
   */
  public Outcome reject(long id, String reason) throws IOException {
    Optional<HeldMessages.Held> found = held.find(id);
    if (found.isEmpty()) {
      return new Outcome.Gone();
    }
    HeldMessages.Held h = found.get();
    Optional<Group> group = groups.findById(h.groupId());
    Optional<String> untold = untold(h);
    if (untold.isPresent() || group.isEmpty()) {
      boolean removed = held.remove(id);
      String why = untold.orElse("its group is gone");
      log.info(
          "held message {} to {}: rejected; its sender is not told, as {}", id, h.group(), why);
      return removed ? new Outcome.Untold(why) : new Outcome.Gone();
    }
    String to = EmailAddress.of(h.fromAddress()).value();
    String messageId = Tokens.hex(16) + "@" + addresses.domain();
    byte[] notice = notice(group.get(), h, reason, to, messageId);
    try {
      boolean removed =
          jdbi.inTransaction(
              tx -> {
                if (!held.remove(tx, id)) {
                  return false;
                }
                outgoing.queue(tx, messageId, addresses.bounces(h.group()), List.of(to), notice);
                return true;
              });
      if (!removed) {
        return new Outcome.Gone();
      }
    } catch (JdbiException e) {
      throw new IOException("held message " + id + " could not be rejected: " + e, e);
    }
    log.info(
        "held message {} to {}: rejected; its sender {} is told why in <{}>",
        id,
        h.group(),
        to,
        messageId);
    return new Outcome.Told(to);
  }

  /** Why the sender of {@code h} is not to be told, if they are not. */
  private static Optional<String> untold(HeldMessages.Held h) {
    if (h.origin().mailFrom().isBlank()) {
      return Optional.of("it came with an empty return path (a bounce or automatic mail)");
    }
    if (!EmailAddress.isValid(h.fromAddress())) {
      return Optional.of("it names no address to answer");
    }
    return Optional.empty();
  }

  private byte[] notice(
      Group group, HeldMessages.Held h, String reason, String to, String messageId) {
    String subject = h.subject().isBlank() ? "(no subject)" : h.subject();
    String owner = addresses.owner(group.name());
    String text =
        texts.render(
            new Rejection(group.title(), addresses.post(group.name()), subject, reason, owner));
    String original = "";
    try {
      original = HeaderText.field(held.raw(h), "Message-ID").replaceAll("^<|>$", "");
    } catch (IOException e) {
      log.warn(
          "held message {}: its bytes cannot be read ({}); the notice refers to none",
          h.id(),
          e.toString());
    }
    return composer.compose(
        new Draft(
            messageId,
            clock.instant(),
            new Mailbox(group.title() + " moderators", owner),
            List.of(new Mailbox("", to)),
            List.of(),
            null,
            "Not posted to " + group.title() + ": " + subject,
            original.isBlank() ? null : original,
            original.isBlank() ? List.of() : List.of(original),
            text,
            null,
            Map.of("Auto-Submitted", "auto-replied")));
  }
}
