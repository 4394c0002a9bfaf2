package org.parley.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.Links;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley group create|set|list|show}. */
@Command(
    name = "group",
    mixinStandardHelpOptions = true,
    description = "Create, change, list and show groups.",
    subcommands = {
      GroupCommand.Create.class,
      GroupCommand.SetGroup.class,
      GroupCommand.ListGroups.class,
      GroupCommand.Show.class
    })
final class GroupCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: create, set, list or show");
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a group.")
  static final class Create implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "NAME", description = "The group's name: its address is NAME@DOMAIN.")
    String name;

    @Option(names = "--title", description = "A title to show (default: the name).")
    String title;

    @Option(names = "--description", description = "What the group is about.")
    String description = "";

    @Option(
        names = "--public",
        description =
            "Anyone may read it on the web, signed in or not (default: only its members and site"
                + " admins).")
    boolean publicGroup;

    @Option(
        names = "--private",
        description = "Only members may read it (the default; kept for scripts).")
    boolean privateGroup;

    @Option(names = "--posting", description = "Who may post: members (default) or anyone.")
    String posting = "members";

    @Option(
        names = "--closed",
        description = "Members are added by owners; nobody joins on the web.")
    boolean closed;

    @Option(names = "--reply-to", description = "Where replies go: group (default) or author.")
    String replyTo = "group";

    @Option(
        names = "--footer",
        description =
            "Text added to the end of each copy; {title}, {address} and {archive} are filled in"
                + " (default: where the copy came from and how to leave).")
    String footer;

    @Override
    public Integer call() {
      GroupName groupName = GroupName.of(name);
      String p = oneOf("--posting", posting, "members", "anyone");
      String r = oneOf("--reply-to", replyTo, "group", "author");
      notBoth(publicGroup, privateGroup, "--public", "--private");
      try (Site site = data.openExisting()) {
        Group g =
            site.groups()
                .create(
                    groupName,
                    title,
                    description,
                    publicGroup ? GroupStore.PUBLIC : GroupStore.PRIVATE);
        String address = site.settings().groupAddress(groupName);
        Group changed =
            g.withPosting(p, r)
                .withJoining(closed ? "closed" : "open", footer != null ? footer : g.footer());
        site.groups().update(changed);
        System.out.println("group: " + address);
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

    @Option(names = "--title", description = "A title to show.")
    String title;

    @Option(names = "--description", description = "What the group is about.")
    String description;

    @Option(names = "--public", description = "Anyone may read it on the web, signed in or not.")
    boolean publicGroup;

    @Option(names = "--private", description = "Only its members and site admins may read it.")
    boolean privateGroup;

    @Option(names = "--posting", description = "Who may post: members or anyone.")
    String posting;

    @Option(
        names = "--closed",
        description = "Members are added by owners; nobody joins on the web.")
    boolean closed;

    @Option(names = "--open", description = "Anyone with an account may join on the web.")
    boolean open;

    @Option(names = "--reply-to", description = "Where replies go: group or author.")
    String replyTo;

    @Option(
        names = "--footer",
        description =
            "Text added to the end of each copy; {title}, {address} and {archive} are filled in.")
    String footer;

    @Override
    public Integer call() {
      notBoth(publicGroup, privateGroup, "--public", "--private");
      notBoth(open, closed, "--open", "--closed");
      String p = posting == null ? null : oneOf("--posting", posting, "members", "anyone");
      String r = replyTo == null ? null : oneOf("--reply-to", replyTo, "group", "author");
      if (title != null && title.isBlank()) {
        throw new CommandFailed("--title must not be empty");
      }
      GroupName groupName = GroupName.of(name);
      try (Site site = data.openExisting()) {
        Group g =
            site.groups()
                .find(groupName)
                .orElseThrow(() -> new CommandFailed("no group named " + groupName));
        Group changed =
            new Group(
                g.id(),
                g.name(),
                title != null ? title.strip() : g.title(),
                description != null ? description : g.description(),
                publicGroup
                    ? GroupStore.PUBLIC
                    : privateGroup ? GroupStore.PRIVATE : g.visibility(),
                p != null ? p : g.posting(),
                open ? "open" : closed ? "closed" : g.joining(),
                g.subjectPrefix(),
                r != null ? r : g.replyTo(),
                footer != null ? footer : g.footer(),
                g.showAddresses(),
                g.maxBytes(),
                g.createdAt());
        List<String> changes = new java.util.ArrayList<>();
        change(changes, "title", g.title(), changed.title());
        change(changes, "description", g.description(), changed.description());
        change(changes, "visibility", g.visibility(), changed.visibility());
        change(changes, "posting", g.posting(), changed.posting());
        change(changes, "joining", g.joining(), changed.joining());
        change(changes, "reply-to", g.replyTo(), changed.replyTo());
        change(changes, "footer", g.footer(), changed.footer());
        if (changes.isEmpty()) {
          System.out.println("nothing changed (name a setting to change; see --help)");
          return 0;
        }
        site.groups().update(changed);
        changes.forEach(System.out::println);
      }
      return 0;
    }

    private static void change(List<String> out, String what, String before, String after) {
      if (!before.equals(after)) {
        out.add(what + ": " + oneLine(before) + " -> " + oneLine(after));
      }
    }

    private static String oneLine(String value) {
      String flat = value.replaceAll("\\s+", " ").strip();
      return flat.isEmpty() ? "(empty)" : flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
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
        System.out.println("max size:    " + g.maxBytes() + " bytes");
        System.out.println("members:     " + site.members().list(g.id()).size());
        System.out.println("topics:      " + site.reader().topicCount(g.id()));
        System.out.println("posts:       " + site.reader().postCount(g.id()));
      }
      return 0;
    }
  }

  /** {@code value} in lower case when it is {@code a} or {@code b}; else the command fails. */
  private static String oneOf(String option, String value, String a, String b) {
    String v = value.toLowerCase(Locale.ROOT);
    if (!v.equals(a) && !v.equals(b)) {
      throw new CommandFailed(option + " must be " + a + " or " + b + ", not " + value);
    }
    return v;
  }

  private static void notBoth(boolean first, boolean second, String one, String other) {
    if (first && second) {
      throw new CommandFailed("choose " + one + " or " + other + ", not both");
    }
  }
}
