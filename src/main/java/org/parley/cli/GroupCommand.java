package org.parley.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupSetting;
import org.parley.group.GroupStore;
import org.parley.group.Links;
import org.parley.group.Moderation;
import org.parley.group.Visibility;
import org.parley.mime.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley group create|set|list|show}. */
@Command(
    name = "group",
    mixinStandardHelpOptions = true,
    description = "Create, change, list and show groups.",
    subcommands = {
      GroupCommand.Create.class,
      GroupCommand.SetGroup.class,
      GroupCommand.Rename.class,
      GroupCommand.ListGroups.class,
      GroupCommand.Show.class
    })
final class GroupCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: create, set, rename, list or show");
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a group.")
  static final class Create implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "NAME", description = "The group's name: its address is NAME@DOMAIN.")
    String name;

    @Mixin GroupOptions options;

    @Override
    public Integer call() {
      GroupName groupName = GroupName.of(name);
      options.check();
      try (Site site = data.openExisting()) {
        options.checkSize(site.settings().maxMessageBytes());
        // Created with its visibility in one statement (RELIABILITY D10), then the rest is set.
        Group g =
            site.groups()
                .create(
                    groupName,
                    options.title,
                    options.description,
                    options.visibility(Visibility.PRIVATE));
        site.groups().update(options.applyTo(g));
        System.out.println("group: " + site.settings().groupAddress(groupName));
        System.out.println(
            g.isPublic()
                ? "readable by: anyone (public)"
                : "readable by: its members and site admins"
                    + " (private; --public makes a public group)");
      }
      return 0;
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Change a group's settings; each change takes effect at once, on the web and by mail,"
              + " also while the site runs.")
  static final class SetGroup implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin GroupOptions options;

    @Override
    public Integer call() {
      options.check();
      GroupName groupName = GroupName.of(name);
      try (Site site = data.openExisting()) {
        options.checkSize(site.settings().maxMessageBytes());
        Group g =
            site.groups()
                .find(groupName)
                .orElseThrow(() -> new CommandFailed("no group named " + groupName));
        // Recorded in the group's audit log as the command line, run by this OS user.
        GroupStore.Changed changed =
            site.groups()
                .change(
                    g.id(),
                    options::applyTo,
                    new ChangedBy.CommandLine(System.getProperty("user.name")))
                .orElseThrow(() -> new CommandFailed("no group named " + groupName));
        if (changed.changes().isEmpty()) {
          System.out.println("nothing changed (name a setting to change; see --help)");
          return 0;
        }
        for (GroupSetting.Change c : changed.changes()) {
          System.out.println(
              c.setting() + ": " + oneLine(c.before()) + " -> " + oneLine(c.after()));
        }
      }
      return 0;
    }

    static String oneLine(String value) {
      String flat = value.replaceAll("\\s+", " ").strip();
      return flat.isEmpty() ? "(empty)" : flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
    }
  }

  @Command(
      name = "rename",
      mixinStandardHelpOptions = true,
      description =
          "Change a group's name, and so its address and web pages; the old name stays an alias"
              + " that still takes mail and leads to the new pages. Also while the site runs.")
  static final class Rename implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(index = "0", paramLabel = "NAME", description = "The group's name now.")
    String name;

    @Parameters(index = "1", paramLabel = "NEW-NAME", description = "Its new name.")
    String newName;

    @Override
    public Integer call() {
      GroupName groupName = GroupName.of(name);
      GroupName target;
      try {
        target = GroupName.of(newName);
      } catch (IllegalArgumentException e) {
        throw new CommandFailed(e.getMessage());
      }
      try (Site site = data.openExisting()) {
        Group g =
            site.groups()
                .find(groupName)
                .filter(found -> found.name().equals(groupName))
                .orElseThrow(() -> new CommandFailed("no group named " + groupName));
        try {
          site.groups()
              .rename(g.id(), target, new ChangedBy.CommandLine(System.getProperty("user.name")));
        } catch (IllegalStateException e) {
          throw new CommandFailed(e.getMessage());
        }
        System.out.println(
            "address: "
                + site.settings().groupAddress(groupName)
                + " -> "
                + site.settings().groupAddress(target)
                + " (the old address stays an alias)");
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the groups.")
  static final class ListGroups implements Callable<Integer> {
    @Mixin DataOption data;

    @Override
    public Integer call() {
      try (Site site = data.openExisting()) {
        List<Group> groups = site.groups().list();
        if (groups.isEmpty()) {
          System.out.println("no groups yet (create one with: parley group create NAME)");
        }
        for (Group g : groups) {
          System.out.printf(
              "%-24s %-8s %5d members %6d topics  %s%n",
              site.settings().groupAddress(g.name()),
              g.visibility(),
              site.members().list(g.id()).size(),
              site.reader().topicCount(g.id()),
              g.title());
        }
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a group's settings.")
  static final class Show implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      GroupName groupName = GroupName.of(name);
      try (Site site = data.openExisting()) {
        Group g =
            site.groups()
                .find(groupName)
                .orElseThrow(() -> new CommandFailed("no group named " + groupName));
        System.out.println("address:     " + site.settings().groupAddress(g.name()));
        System.out.println("title:       " + g.title());
        System.out.println("description: " + g.description());
        System.out.println(
            "web:         " + site.settings().baseUrl() + Links.group(g.name().value()));
        System.out.println("visibility:  " + g.visibility());
        System.out.println("posting:     " + g.posting());
        System.out.println("joining:     " + g.joining());
        System.out.println("prefix:      " + g.subjectPrefix());
        System.out.println("reply-to:    " + g.replyTo());
        System.out.println(
            "moderation:  "
                + g.moderation()
                + (g.moderation() == Moderation.NEW_MEMBERS
                    ? " (each member's first " + g.moderateFirst() + ")"
                    : ""));
        System.out.println(
            "max size:    " + g.maxBytes() + " bytes (" + Sizes.of(g.maxBytes()) + ")");
        System.out.println("addresses:   " + (g.showAddresses() ? "members see them" : "hidden"));
        System.out.println("digests:     " + g.digestPeriod() + " (each period ends 00:00 UTC)");
        System.out.println(
            "from:        "
                + g.fromRewriting().when()
                + " (style "
                + g.fromRewriting().style()
                + ", author in "
                + g.fromRewriting().authorIn()
                + ")");
        System.out.println(
            "dmarc:       " + g.dmarcFailure() + " a member's mail that fails DMARC");
        System.out.println("members:     " + site.members().list(g.id()).size());
        System.out.println("topics:      " + site.reader().topicCount(g.id()));
        System.out.println("posts:       " + site.reader().postCount(g.id()));
        List<AuditLog.Entry> changes = site.groups().auditLog().latest(g.id(), 5);
        if (!changes.isEmpty()) {
          System.out.println(
              "last changes (newest first; all of them at "
                  + site.settings().baseUrl()
                  + Links.settings(g.name().value())
                  + "):");
        }
        for (AuditLog.Entry e : changes) {
          String who =
              switch (e.by()) {
                case ChangedBy.SignedIn s -> "account " + s.account();
                case ChangedBy.CommandLine cli -> "command line (" + cli.osUser() + ")";
              };
          System.out.println(
              "  "
                  + e.at()
                  + "  "
                  + who
                  + "  "
                  + e.setting()
                  + ": "
                  + SetGroup.oneLine(e.before())
                  + " -> "
                  + SetGroup.oneLine(e.after()));
        }
      }
      return 0;
    }
  }
}
