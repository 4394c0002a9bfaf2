package org.parley.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.bounce.DeliveryState;
import org.parley.delivery.Enrolments;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.member.Banned;
import org.parley.member.Bans;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.Role;
import org.parley.member.Roster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley member add|remove|list|ban|unban|invite|set}. */
@Command(
    name = "member",
    mixinStandardHelpOptions = true,
    description = "Add, remove, list, ban and invite the members of a group.",
    subcommands = {
      MemberCommand.Add.class,
      MemberCommand.Remove.class,
      MemberCommand.ListMembers.class,
      MemberCommand.Ban.class,
      MemberCommand.Unban.class,
      MemberCommand.Invite.class,
      MemberCommand.Set.class
    })
final class MemberCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: add, remove, list, ban, unban, invite or set");
  }

  static Group group(Site site, String name) {
    GroupName g = GroupName.of(name);
    return site.groups().find(g).orElseThrow(() -> new CommandFailed("no group named " + g));
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add an address to a group.")
  static final class Add implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1", paramLabel = "EMAIL")
    String email;

    @Option(names = "--name", description = "Display name, for a new account.")
    String name = "";

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Role role = Role.MEMBER;

    @Option(
        names = "--delivery",
        paramLabel = "MODE",
        description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DeliveryMode delivery = DeliveryMode.EACH;

    @Override
    public Integer call() {
      EmailAddress address = EmailAddress.of(email);
      try (Site site = data.openExisting()) {
        Group g = group(site, group);
        Account a = site.accounts().ensure(address, name);
        if (site.members().find(g.id(), a.id()).isPresent()) {
          throw new CommandFailed(address + " is already a member of " + g.name());
        }
        try {
          site.members().add(g.id(), a.id(), role, delivery);
        } catch (Banned e) {
          throw new CommandFailed(e.getMessage() + " Lift the ban first: parley member unban");
        }
        System.out.println(
            "added " + address + " to " + site.settings().groupAddress(g.name()) + " as " + role);
      }
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove an address from a group.")
  static final class Remove implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1", paramLabel = "EMAIL")
    String email;

    @Override
    public Integer call() {
      EmailAddress address = EmailAddress.of(email);
      try (Site site = data.openExisting()) {
        Group g = group(site, group);
        Member m =
            site.members()
                .find(g.id(), address)
                .orElseThrow(() -> new CommandFailed(address + " is not a member of " + g.name()));
        site.members().remove(g.id(), m.accountId());
        System.out.println(
            "removed " + address + " from " + site.settings().groupAddress(g.name()));
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a group's members.")
  static final class ListMembers implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "GROUP")
    String group;

    @Override
    public Integer call() {
      try (Site site = data.openExisting()) {
        Group g = group(site, group);
        System.out.printf(
            "%-36s %-8s %-8s %-23s %s%n", "ADDRESS", "ROLE", "DELIVERY", "STATE", "NAME");
        for (Member m : site.members().list(g.id())) {
          System.out.printf(
              "%-36s %-8s %-8s %-23s %s%n",
              m.email(), m.role(), m.delivery(), DeliveryState.of(m), m.displayName());
        }
      }
      return 0;
    }
  }

  static ChangedBy commandLine() {
    return new ChangedBy.CommandLine(System.getProperty("user.name"));
  }

  @Command(
      name = "ban",
      mixinStandardHelpOptions = true,
      description =
          "Ban an address or a whole domain (@example.org) from a group: its mail is refused with"
              + " the reason, it cannot join, be added or be invited, and members it covers are"
              + " removed.")
  static final class Ban implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1", paramLabel = "ADDRESS-OR-@DOMAIN")
    String pattern;

    @Option(names = "--reason", description = "Why, told to a banned sender whose mail is refused.")
    String reason = "";

    @Override
    public Integer call() {
      try (Site site = data.openExisting()) {
        Group g = group(site, group);
        List<Member> removed;
        try {
          removed = site.roster().ban(g.id(), pattern, reason, true, commandLine());
        } catch (IllegalArgumentException | Roster.Refused e) {
          throw new CommandFailed(e.getMessage());
        }
        System.out.println("banned " + Bans.pattern(pattern) + " from " + g.name());
        for (Member m : removed) {
          System.out.println("removed " + m.email() + " from " + g.name());
        }
      }
      return 0;
    }
  }

  @Command(name = "unban", mixinStandardHelpOptions = true, description = "Lift a ban.")
  static final class Unban implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1", paramLabel = "ADDRESS-OR-@DOMAIN")
    String pattern;

    @Override
    public Integer call() {
      try (Site site = data.openExisting()) {
        Group g = group(site, group);
        boolean lifted;
        try {
          lifted = site.bans().unban(g.id(), pattern, commandLine());
        } catch (IllegalArgumentException e) {
          throw new CommandFailed(e.getMessage());
        }
        if (!lifted) {
          throw new CommandFailed(pattern + " is not banned from " + g.name());
        }
        System.out.println("lifted the ban of " + Bans.pattern(pattern) + " from " + g.name());
      }
      return 0;
    }
  }

  @Command(
      name = "invite",
      mixinStandardHelpOptions = true,
      description =
          "Mail an address a link that joins the group (it works once, for 14 days), also in an"
              + " invite-only group. The mail is sent by the running site.")
  static final class Invite implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1", paramLabel = "EMAIL")
    String email;

    @Option(names = "--note", description = "A few words for the invitation.")
    String note = "";

    @Override
    public Integer call() throws IOException {
      if (!EmailAddress.isValid(email)) {
        throw new CommandFailed(email + " is not an email address");
      }
      EmailAddress address = EmailAddress.of(email);
      try (Site site = data.openExisting()) {
        Group g = group(site, group);
        Enrolments.Outcome o;
        try {
          o =
              site.enrolments()
                  .invite(
                      g, List.of(address), "The people who run " + g.title(), note, commandLine());
        } catch (Banned e) {
          throw new CommandFailed(e.getMessage());
        }
        if (o.done().isEmpty()) {
          throw new CommandFailed("not invited: " + String.join(", ", o.skipped()));
        }
        System.out.println(
            "invited "
                + address
                + " to "
                + site.settings().groupAddress(g.name())
                + "; the invitation is sent by the running site");
      }
      return 0;
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Change a member's own settings: how they get mail, a copy of their own posts, and"
              + " delivery turned back on when bounces, a complaint or an owner turned it off.")
  static final class Set implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1", paramLabel = "EMAIL")
    String email;

    @Option(
        names = "--delivery",
        paramLabel = "MODE",
        description = "${COMPLETION-CANDIDATES}: every message, digest, summary or no email.")
    DeliveryMode delivery;

    @Option(
        names = "--self-copy",
        paramLabel = "true|false",
        arity = "1",
        description = "Whether the member gets a copy of their own posts.")
    Boolean selfCopy;

    @Option(names = "--enable", description = "Turn the member's delivery back on.")
    boolean enable;

    @Override
    public Integer call() {
      if (delivery == null && selfCopy == null && !enable) {
        throw new CommandFailed("nothing to change: give --delivery, --self-copy or --enable");
      }
      if (!EmailAddress.isValid(email)) {
        throw new CommandFailed(email + " is not an email address");
      }
      EmailAddress address = EmailAddress.of(email);
      try (Site site = data.openExisting()) {
        Group g = group(site, group);
        Member m =
            site.members()
                .find(g.id(), address)
                .orElseThrow(() -> new CommandFailed(address + " is not a member of " + g.name()));
        String who = "member:" + m.email();
        List<String> changed = new ArrayList<>();
        if (delivery != null && delivery != m.delivery()) {
          site.members().setDelivery(g.id(), m.accountId(), delivery);
          site.groups().auditLog().action(g.id(), commandLine(), "delivery", who, delivery.word());
        }
        if (selfCopy != null && selfCopy != m.selfCopy()) {
          site.members().setSelfCopy(g.id(), m.accountId(), selfCopy);
          site.groups()
              .auditLog()
              .action(g.id(), commandLine(), "self-copy", who, selfCopy ? "on" : "off");
        }
        if (enable && !m.active()) {
          site.members().reenable(g.id(), m.accountId());
          site.groups().auditLog().action(g.id(), commandLine(), "reenable", who, "active");
        }
        Member now = site.members().find(g.id(), m.accountId()).orElseThrow();
        changed.add("delivery " + now.delivery());
        changed.add("self-copy " + (now.selfCopy() ? "on" : "off"));
        changed.add(now.active() ? "active" : "disabled (" + now.disabledReason() + ")");
        System.out.println(
            now.email()
                + " in "
                + site.settings().groupAddress(g.name())
                + ": "
                + String.join(", ", changed));
      }
      return 0;
    }
  }
}
