package org.parley.smtp;

import java.util.Optional;
import org.parley.account.EmailAddress;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.mailcommand.Command;
import org.parley.mailcommand.MailCommands;
import org.parley.mailcommand.Subscriptions;

/**
 * Decides at RCPT time what an address of this site is (RFC 5321 §3.3): a group's posting address,
 * its bounce address ({@code group-bounces+token@domain}), its unsubscribe address ({@code
 * group-leave+token@domain}), its owner address ({@code group-owner@domain}), its confirmation
 * addresses, its addresses for joining and leaving by mail, the site's feedback address ({@code
 * feedback@domain}, RFC 5965 reports), or nothing we know, which is refused there and then, so we
 * never relay and never accept mail we would have to bounce. {@link ListAddresses} reads the
 * address; this class looks the group up and decides.
 */
final class RecipientResolver {
  /** What an accepted recipient is. */
  sealed interface Target {
    /** The group as it was found at RCPT, so DATA need not look it up again. */
    record Post(Group group) implements Target {}

    record Bounce(GroupName group, String token) implements Target {}

    /**
     * {@code feedback@domain}: abuse feedback reports (RFC 5965) from mail providers, taken from
     * any sender ({@link org.parley.bounce.BounceInbox}).
     */
    record Feedback() implements Target {}

    /** {@code group-leave+token@domain}: the mailto of List-Unsubscribe (RFC 2369 §3.2). */
    record Leave(GroupName group, String token) implements Target {}

    /** {@code group-owner@domain}: the people who run the group (List-Owner, RFC 2369 §3.6). */
    record Owner(Group group) implements Target {}

    /**
     * {@code group-confirm+token@domain}: a reply that confirms what a live token stands for
     * ({@link MailCommands}).
     */
    record Confirm(Group group, String token) implements Target {}

    /**
     * {@code group-join@}, {@code group-subscribe@}, {@code group+subscribe@}, {@code
     * group-unsubscribe@}, {@code group-request@}: joining or leaving by mail ({@link
     * Subscriptions}).
     */
    record Request(Group group, Command command) implements Target {}
  }

  /** A recipient refused with its SMTP reply. */
  static final class Refusal extends Exception {
    final int code;

    Refusal(int code, String reply) {
      super(reply);
      this.code = code;
    }
  }

  private final ListAddresses addresses;
  private final GroupStore groups;
  private final MailCommands commands;
  private final Subscriptions subscriptions;

  RecipientResolver(
      String domain, GroupStore groups, MailCommands commands, Subscriptions subscriptions) {
    this.addresses = new ListAddresses(domain);
    this.groups = groups;
    this.commands = commands;
    this.subscriptions = subscriptions;
  }

  Target resolve(String rcpt) throws Refusal {
    EmailAddress address;
    try {
      address = EmailAddress.of(rcpt);
    } catch (IllegalArgumentException e) {
      throw new Refusal(501, "5.1.3 Bad recipient address syntax: " + rcpt);
    }
    if (!addresses.isOurs(address.domain())) {
      throw new Refusal(
          550,
          "5.7.1 Relaying denied: this server only takes mail for groups at " + addresses.domain());
    }
    Optional<ListAddresses.Parsed> parsed = addresses.parseLocalPart(address.localPart());
    Optional<Group> group = parsed.flatMap(p -> groups.find(p.group()));
    if (group.isEmpty() && address.localPart().equalsIgnoreCase(ListAddresses.FEEDBACK)) {
      return new Target.Feedback();
    }
    if (group.isPresent()) {
      GroupName name = group.get().name();
      Optional<String> token = parsed.get().token();
      switch (parsed.get().kind()) {
        case BOUNCES -> {
          return new Target.Bounce(name, token.orElse(""));
        }
        case LEAVE -> {
          if (token.isPresent()) {
            return new Target.Leave(name, token.get());
          }
          throw new Refusal(
              550,
              "5.1.1 To leave "
                  + name
                  + ", use the unsubscribe link or address in any message from the group");
        }
        case CONFIRM -> {
          if (token.isPresent() && commands.knows(group.get(), token.get())) {
            return new Target.Confirm(group.get(), token.get());
          }
          throw new Refusal(
              550,
              "5.1.1 This confirmation address of "
                  + name
                  + " is unknown, already used or expired: nothing was done");
        }
        case REQUEST -> {
          return command(group.get(), Command.BY_SUBJECT);
        }
        case JOIN, SUBSCRIBE -> {
          return command(group.get(), Command.JOIN);
        }
        case UNSUBSCRIBE -> {
          return command(group.get(), Command.LEAVE);
        }
        case OWNER -> {
          if (token.isEmpty()) {
            return new Target.Owner(group.get());
          }
        }
        case POST -> {
          if (token.isEmpty() && !group.get().postByEmail()) {
            throw new Refusal(
                550,
                "5.7.1 "
                    + addresses.post(name)
                    + " takes no posts by mail: its owners chose posting on its web pages only");
          }
          if (token.isEmpty()) {
            return new Target.Post(group.get());
          }
          if (token.get().equals("subscribe")) {
            // news+subscribe@, as Google Groups writes it
            return command(group.get(), Command.JOIN);
          }
        }
      }
    }
    throw new Refusal(550, "5.1.1 No such group here: " + address);
  }

  /** A joining or leaving address of {@code group}, unless the group refuses it at once. */
  private Target command(Group group, Command command) throws Refusal {
    Optional<String> refused = subscriptions.refusedAtRcpt(group, command);
    if (refused.isPresent()) {
      throw new Refusal(550, "5.7.1 " + refused.get());
    }
    return new Target.Request(group, command);
  }
}
