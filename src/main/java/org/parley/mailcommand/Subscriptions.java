package org.parley.mailcommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.parley.account.Account;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.group.Confirmations;
import org.parley.group.Confirmations.Confirmation;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.Joining;
import org.parley.group.Links;
import org.parley.mailtext.JoinConfirmation;
import org.parley.member.MemberStore;
import org.parley.mime.HeaderText;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joining and leaving by mail, as other list servers take it: a message to {@code <group>-join@},
 * {@code <group>-subscribe@} or {@code <group>+subscribe@} asks to join, one to {@code
 * <group>-unsubscribe@} to leave, and one to {@code <group>-request@} says which in its Subject
 * ({@link Command}). Nothing happens until the sender confirms: the site mails them ({@link
 * JoinConfirmation}) a token ({@value #JOIN} or {@value #LEAVE}, good for {@link #LIFETIME}) that
 * they confirm by replying to its {@code -confirm+<token>@} Reply-To ({@link MailCommands}) or by
 * opening its {@code /confirm/<token>} page and pressing its button. A confirmed join makes an
 * account where the address has none ({@link AccountStore#ensure}) and a member with the welcome
 * mail; in a group that asks, it becomes a request to join ({@link Admissions}).
 *
 * <p>Against mail on a stranger's say-so: the sender is the message's From, else its envelope
 * sender; an address is mailed at most one confirmation per group per {@link #WINDOW} (no
 * subscription bombing); automatic mail (a null or bounce envelope sender, {@code Auto-Submitted},
 * RFC 3834 §5) is mailed nothing; and a leave for an address that is no member is answered as one
 * for a member and mails nothing, so nobody learns who is a member. An invited-only group refuses a
 * join, and a banned address is refused with the ban's reason (550).
 */
public final class Subscriptions {
  /** The action word of a join's confirmation. */
  public static final String JOIN = "join";

  /** The action word of a leave's confirmation. */
  public static final String LEAVE = "leave";

  /** How long a join's or leave's confirmation works: a week. */
  public static final Duration LIFETIME = Duration.ofDays(7);

  /** At most one confirmation per address per group in this time. */
  public static final Duration WINDOW = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

  /**
   * A live confirmation, as its page shows it before the button is pressed.
   *
   * @param joining whether it confirms joining; otherwise leaving
   * @param address the address it joins or removes
   */
  public record Pending(Group group, boolean joining, String address) {}

  private final Admissions admissions;
  private final Confirmations confirmations;
  private final GroupStore groups;
  private final AccountStore accounts;
  private final MemberStore members;
  private final MessageParser parser;

  public Subscriptions(
      Admissions admissions,
      Confirmations confirmations,
      GroupStore groups,
      AccountStore accounts,
      MemberStore members,
      MessageParser parser) {
    this.admissions = admissions;
    this.confirmations = confirmations;
    this.groups = groups;
    this.accounts = accounts;
    this.members = members;
    this.parser = parser;
  }

  /**
   * Why a message to {@code group}'s address for {@code command} is refused before its body is
   * sent: an invited-only group takes no joins. Empty when it is taken.
   */
  public Optional<String> refusedAtRcpt(Group group, Command command) {
    if (command == Command.JOIN && group.joining() == Joining.CLOSED) {
      return Optional.of(closed(group));
    }
    return Optional.empty();
  }

  private static String closed(Group group) {
    return group.title()
        + " is open by invitation only: nobody joins it by mail; ask its owners at its -owner"
        + " address";
  }

  /**
   * Reads a message to one of {@code group}'s joining and leaving addresses and mails its sender a
   * confirmation where one is due.
   *
   * @param mailFrom the envelope sender ("" for a null one)
   * @param raw the message as received
   * @return 250 and one sentence, or refused (550) with the reason
   */
  public Outcome request(Group group, Command command, String mailFrom, byte[] raw) {
    CommandReply message = MailCommands.read(parser, raw, mailFrom);
    boolean joining;
    switch (command) {
      case JOIN -> joining = true;
      case LEAVE -> joining = false;
      case BY_SUBJECT -> {
        String word = firstWord(message.subject());
        if (word.isEmpty()) {
          word = message.firstWord();
        }
        switch (word) {
          case "subscribe", "join" -> joining = true;
          case "unsubscribe", "leave" -> joining = false;
          default -> {
            return Outcome.refused(
                "Write subscribe (or join) or unsubscribe (or leave) as the Subject; nothing was"
                    + " done.");
          }
        }
      }
      default -> throw new IllegalArgumentException("unknown command " + command);
    }
    Optional<String> sender =
        message.from().or(() -> Optional.of(message.mailFrom())).filter(EmailAddress::isValid);
    if (sender.isEmpty()) {
      return Outcome.refused("This message names no address to answer; nothing was done.");
    }
    EmailAddress address = EmailAddress.of(sender.get());
    if (joining && group.joining() == Joining.CLOSED) {
      return Outcome.refused(closed(group) + ".");
    }
    if (joining) {
      Optional<String> banned = admissions.banned(group, address);
      if (banned.isPresent()) {
        return Outcome.refused(banned.get());
      }
    }
    String verb = joining ? "join" : "leave";
    String told =
        "If "
            + address.value()
            + " may "
            + verb
            + " "
            + group.title()
            + ", a confirmation is on its way to it: reply to it or open its link.";
    if (automatic(mailFrom, raw)) {
      log.info("a {} request for {} came as automatic mail; nothing is mailed", verb, group.name());
      return Outcome.done("Automatic mail gets no confirmation; nothing was done.");
    }
    if (confirmations.sentWithin(group.id(), JOIN, address.value(), WINDOW)
        || confirmations.sentWithin(group.id(), LEAVE, address.value(), WINDOW)) {
      log.info(
          "a {} request for {} from {}: one was mailed within the hour; nothing is mailed",
          verb,
          group.name(),
          address);
      return Outcome.done(
          "A confirmation was mailed to this address within the hour: reply to that one.");
    }
    boolean member = members.find(group.id(), address).isPresent();
    if (joining == member) {
      // joining as a member, or leaving as none: nothing to confirm, and the answer says no more
      log.info("a {} request for {} from {}: nothing to change", verb, group.name(), address);
      return Outcome.done(told);
    }
    String name = joining ? displayName(raw) : "";
    String token =
        confirmations.issue(group.id(), joining ? JOIN : LEAVE, name, address.value(), LIFETIME);
    try {
      GroupMail mail = admissions.mail();
      mail.send(
          group,
          address.value(),
          "Please confirm: " + verb + " " + group.title(),
          new JoinConfirmation(
              joining,
              group.title(),
              mail.addresses().post(group.name()),
              address.value(),
              admissions.baseUrl() + Links.confirm(token),
              LIFETIME.toDays()),
          mail.addresses().confirm(group.name(), token));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log.info("a {} confirmation for {} was mailed to {}", verb, group.name(), address);
    return Outcome.done(told);
  }

  /**
   * Whether the message is automatic mail that must not be answered (RFC 3834 §2): a null envelope
   * sender, a bounce's, or an {@code Auto-Submitted} field other than {@code no}.
   */
  static boolean automatic(String mailFrom, byte[] raw) {
    String from = mailFrom == null ? "" : mailFrom.strip().toLowerCase(Locale.ROOT);
    if (from.isEmpty() || from.equals("<>")) {
      return true;
    }
    String local = from.contains("@") ? from.substring(0, from.lastIndexOf('@')) : from;
    if (local.equals("mailer-daemon")
        || local.equals("postmaster")
        || local.contains("-bounces")
        || local.startsWith("bounce")) {
      return true;
    }
    String auto = HeaderText.field(raw, "Auto-Submitted").strip().toLowerCase(Locale.ROOT);
    return !auto.isEmpty() && !auto.startsWith("no");
  }

  private String displayName(byte[] raw) {
    try {
      ParsedMessage m = parser.parse(raw);
      return m.from() == null || m.from().name() == null ? "" : m.from().name().strip();
    } catch (MalformedMessageException | RuntimeException e) {
      return ""; // the account gets no name; its owner may give one on the web
    }
  }

  private static String firstWord(String s) {
    String[] words = s == null ? new String[] {""} : s.strip().split("\\s+", 2);
    return words[0].toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}]+$", "");
  }

  /** The live join or leave confirmation {@code token}, as its page shows it; empty for others. */
  public Optional<Pending> pending(String token) {
    return confirmations
        .peek(token)
        .filter(c -> c.action().equals(JOIN) || c.action().equals(LEAVE))
        .flatMap(c -> groups.findById(c.groupId()).map(g -> pending(g, c)));
  }

  private static Pending pending(Group g, Confirmation c) {
    return new Pending(g, c.action().equals(JOIN), c.address());
  }

  /**
   * Carries out the join or leave confirmation {@code token} from its page: opening the mailed
   * link, and pressing its button, is as good as a reply.
   */
  public Outcome confirmByLink(String token) {
    if (pending(token).isEmpty()) {
      return Outcome.refused("This link is unknown, already used or expired; nothing was done.");
    }
    Optional<Confirmation> taken = confirmations.take(token);
    Optional<Group> group = taken.flatMap(c -> groups.findById(c.groupId()));
    if (taken.isEmpty() || group.isEmpty()) {
      return Outcome.refused("This link was used a moment ago; nothing more was done.");
    }
    Outcome outcome = carryOut(group.get(), taken.get());
    log.info(
        "{} confirmed by link for {} by {}: {}",
        taken.get().action(),
        group.get().name(),
        taken.get().address(),
        outcome.sentence());
    return outcome;
  }

  /** What a join or leave confirmation does, by reply or by link. */
  Outcome carryOut(Group group, Confirmation c) {
    EmailAddress address = EmailAddress.of(c.address());
    if (c.action().equals(LEAVE)) {
      return members
          .find(group.id(), address)
          .map(
              m -> {
                members.remove(group.id(), m.accountId());
                log.info("{} left {} by a confirmed request", address, group.name());
                return Outcome.done("You have left " + group.title() + ".");
              })
          .orElseGet(
              () ->
                  Outcome.done("You are not a member of " + group.title() + "; nothing changed."));
    }
    if (group.joining() == Joining.CLOSED) {
      return Outcome.refused(closed(group) + ".");
    }
    try {
      Account account = accounts.ensure(address, c.subject());
      return switch (admissions.ask(group, account, "Asked by mail.")) {
        case Admissions.Asked.Joined j ->
            Outcome.done(
                "You are a member of "
                    + group.title()
                    + "; a welcome message is on its way to you.");
        case Admissions.Asked.Waits w ->
            Outcome.done(
                "Your request to join "
                    + group.title()
                    + " waits for its owners, who will approve or decline it.");
        case Admissions.Asked.Refused r -> Outcome.refused(r.sentence());
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The action that carries out a join confirmed by reply. */
  public ConfirmedAction joinAction() {
    return new Confirmed(JOIN);
  }

  /** The action that carries out a leave confirmed by reply. */
  public ConfirmedAction leaveAction() {
    return new Confirmed(LEAVE);
  }

  /** The action that decides a request to join by a reply to its notice ({@link JoinDecision}). */
  public ConfirmedAction decisionAction() {
    return new JoinDecision(admissions, accounts, members);
  }

  /** A join or leave confirmed by a reply to its {@code -confirm+<token>@} address. */
  private final class Confirmed implements ConfirmedAction {
    private final String action;

    Confirmed(String action) {
      this.action = action;
    }

    @Override
    public String action() {
      return action;
    }

    @Override
    public Outcome confirmed(Group group, Confirmation confirmation, CommandReply reply) {
      return carryOut(group, confirmation);
    }
  }
}
