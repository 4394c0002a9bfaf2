package org.parley.mailcommand;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.parley.account.EmailAddress;
import org.parley.group.Confirmations;
import org.parley.group.Confirmations.Confirmation;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail to a group's command addresses, read and carried out: the one home of what the site does
 * when someone writes to an address that is not for posting. Today that is {@code
 * <group>-confirm+<token>@} ({@link ListAddresses#confirm}): a reply that confirms what its token
 * ({@link Confirmations}) stands for, carried out by the {@link ConfirmedAction} that owns the
 * token's action word. The SMTP listener asks {@link #knows} at RCPT, so an unknown, used or
 * expired token is refused there with a reason, and hands the message to {@link #handle} after
 * DATA.
 */
public final class MailCommands {
  private static final Logger log = LoggerFactory.getLogger(MailCommands.class);

  private final Confirmations confirmations;
  private final GroupStore groups;
  private final MessageParser parser;
  private final Map<String, ConfirmedAction> actions = new HashMap<>();

  public MailCommands(
      Confirmations confirmations,
      GroupStore groups,
      MessageParser parser,
      List<ConfirmedAction> actions) {
    this.confirmations = confirmations;
    this.groups = groups;
    this.parser = parser;
    for (ConfirmedAction a : actions) {
      if (this.actions.putIfAbsent(a.action(), a) != null) {
        throw new IllegalArgumentException("two handlers for the action " + a.action());
      }
    }
  }

  /**
   * Whether {@code token} is a live confirmation of group {@code group}: checked at RCPT, so a
   * message to a dead one is refused before its body is sent.
   */
  public boolean knows(Group group, String token) {
    return confirmations
        .peek(token)
        .filter(c -> c.groupId() == group.id() && actions.containsKey(c.action()))
        .isPresent();
  }

  /**
   * Carries out a message to {@code <group>-confirm+<token>@}: uses the token, once, if the reply
   * comes from the address it was sent to, and hands it to its action.
   *
   * @param mailFrom the envelope sender
   * @param raw the message as received
   */
  public Outcome confirm(Group group, String token, String mailFrom, byte[] raw) {
    Optional<Confirmation> live = confirmations.peek(token).filter(c -> c.groupId() == group.id());
    if (live.isEmpty()) {
      return Outcome.refused(
          "This confirmation is unknown, already used or expired; nothing was done.");
    }
    CommandReply reply = read(raw, mailFrom);
    if (!reply.cameFrom(live.get().address())) {
      log.info(
          "a reply to a {} confirmation of {} came from {} / {}, not from {}; nothing done",
          live.get().action(),
          group.name(),
          reply.from().orElse("(no From)"),
          reply.mailFrom(),
          live.get().address());
      return Outcome.refused(
          "This confirmation was sent to another address: reply from the address that received"
              + " it.");
    }
    ConfirmedAction action = actions.get(live.get().action());
    if (action == null) {
      return Outcome.refused("This confirmation is of a kind this site no longer knows.");
    }
    if (!action.understands(reply)) {
      return Outcome.refused(
          "The reply's first line, \""
              + reply.firstLine()
              + "\", is not one this confirmation understands; nothing was done, and it still"
              + " works. "
              + action.howToReply());
    }
    Optional<Confirmation> taken = confirmations.take(token);
    if (taken.isEmpty()) {
      return Outcome.refused("This confirmation was used a moment ago; nothing more was done.");
    }
    Group now = groups.findById(group.id()).orElse(group);
    Outcome outcome;
    try {
      outcome = action.confirmed(now, taken.get(), reply);
    } catch (RuntimeException e) {
      // nothing was done (the action failed on the way): the token works again for the retry
      confirmations.release(token);
      throw e;
    }
    log.info(
        "{} confirmation for {} from {}: {}",
        taken.get().action(),
        group.name(),
        taken.get().address(),
        outcome.sentence());
    return outcome;
  }

  /** The message as a command's handler reads it. */
  CommandReply read(byte[] raw, String mailFrom) {
    return read(parser, raw, mailFrom);
  }

  /** The message as a command's handler reads it, read with {@code parser}. */
  static CommandReply read(MessageParser parser, byte[] raw, String mailFrom) {
    String envelope = mailFrom == null ? "" : mailFrom.toLowerCase(Locale.ROOT);
    try {
      ParsedMessage m = parser.parse(raw);
      Optional<String> from =
          m.from() != null && EmailAddress.isValid(m.from().address())
              ? Optional.of(EmailAddress.of(m.from().address()).key())
              : Optional.empty();
      return new CommandReply(
          from, envelope, m.subject(), CommandReply.firstLineOf(m.text()), m.text());
    } catch (MalformedMessageException | RuntimeException e) {
      return new CommandReply(Optional.empty(), envelope, "", "", "");
    }
  }
}
