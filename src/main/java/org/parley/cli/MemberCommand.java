package org.parley.cli;

import java.util.concurrent.Callable;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley member add|remove|list}. */
@Command(
    name = "member",
    mixinStandardHelpOptions = true,
    description = "Add, remove and list the members of a group.",
    subcommands = {
      MemberCommand.Add.class,
      MemberCommand.Remove.class,
      MemberCommand.ListMembers.class
    })
final class MemberCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: add, remove or list");
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
        site.members().add(g.id(), a.id(), role, delivery);
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
        for (Member m : site.members().list(g.id())) {
          System.out.printf(
              "%-36s %-8s %-8s %-8s %s%n",
              m.email(), m.role(), m.delivery(), m.status(), m.displayName());
        }
      }
      return 0;
    }
  }
}
