package org.parley.smtp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.parley.account.EmailAddress;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;

/**
 * Decides at RCPT time what an address of this site is (RFC 5321 §3.3): a group's posting address,
 * its bounce address ({@code group-bounces+token@domain}), its unsubscribe address ({@code
 * group-leave+token@domain}), its owner address ({@code group-owner@domain}), or nothing we know,
 * which is refused there and then, so we never relay and never accept mail we would have to bounce.
 */
final class RecipientResolver {
  /** What an accepted recipient is. */
  sealed interface Target {
    /** The group as it was found at RCPT, so DATA need not look it up again. */
    record Post(Group group) implements Target {}

    record Bounce(GroupName group, String token) implements Target {}

    /** {@code group-leave+token@domain}: the mailto of List-Unsubscribe (RFC 2369 §3.2). */
    record Leave(GroupName group, String token) implements Target {}

    /** {@code group-owner@domain}: the people who run the group (List-Owner, RFC 2369 §3.6). */
    record Owner(Group group) implements Target {}
  }

  /** A recipient refused with its SMTP reply. */
  static final class Refusal extends Exception {
    final int code;

    Refusal(int code, String reply) {
      super(reply);
      this.code = code;
    }
  }

  /**
   * The command addresses other list servers have ({@code news-request@}, Mailman's): reserved by
   * {@link GroupName}, and refused with where to leave or join instead of "no such group".
   */
  private static final List<String> COMMAND_SUFFIXES =
      List.of("-request", "-join", "-subscribe", "-unsubscribe", "-confirm");

  private final String domain;
  private final GroupStore groups;

  RecipientResolver(String domain, GroupStore groups) {
    this.domain = domain.toLowerCase(Locale.ROOT);
    this.groups = groups;
  }

  Target resolve(String rcpt) throws Refusal {
    EmailAddress address;
    try {
      address = EmailAddress.of(rcpt);
    } catch (IllegalArgumentException e) {
      throw new Refusal(501, "5.1.3 Bad recipient address syntax: " + rcpt);
    }
    if (!address.domain().equals(domain)) {
      throw new Refusal(
          550, "5.7.1 Relaying denied: this server only takes mail for groups at " + domain);
    }
    String local = address.localPart().toLowerCase(Locale.ROOT);
    int plus = local.indexOf('+');
    String base = plus >= 0 ? local.substring(0, plus) : local;
    Optional<Group> bounces = groupBefore(base, "-bounces");
    if (bounces.isPresent()) {
      return new Target.Bounce(bounces.get().name(), plus >= 0 ? local.substring(plus + 1) : "");
    }
    Optional<Group> leave = groupBefore(base, "-leave");
    if (leave.isPresent() && plus >= 0) {
      return new Target.Leave(leave.get().name(), local.substring(plus + 1));
    }
    if (leave.isPresent()) {
      throw new Refusal(
          550,
          "5.1.1 To leave "
              + leave.get().name()
              + ", use the unsubscribe link or address in any message from the group");
    }
    for (String suffix : COMMAND_SUFFIXES) {
      Optional<Group> group = groupBefore(base, suffix);
      if (group.isPresent()) {
        throw new Refusal(
            550,
            "5.1.1 "
                + group.get().name()
                + "@"
                + domain
                + " takes no commands by mail: to leave, use the unsubscribe link or address in"
                + " any message from the group; to join, use the group's web page");
      }
    }
    Optional<Group> owner = plus < 0 ? groupBefore(base, "-owner") : Optional.empty();
    if (owner.isPresent()) {
      return new Target.Owner(owner.get());
    }
    if (plus < 0) {
      Optional<Group> group = find(local);
      if (group.isPresent()) {
        return new Target.Post(group.get());
      }
    }
    throw new Refusal(550, "5.1.1 No such group here: " + address);
  }

  /** The group whose name comes before {@code suffix} in {@code base} ("news" in "news-owner"). */
  private Optional<Group> groupBefore(String base, String suffix) {
    return base.endsWith(suffix)
        ? find(base.substring(0, base.length() - suffix.length()))
        : Optional.empty();
  }

  private Optional<Group> find(String name) {
    try {
      return groups.find(GroupName.of(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
