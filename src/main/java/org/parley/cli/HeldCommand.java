package org.parley.cli;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.group.ChangedBy;
import org.parley.group.GroupName;
import org.parley.ingest.IngestResult;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code parley held list|approve|reject}: the messages groups' chains held for a moderator, for
 * the operators to act on until moderators have a page of their own.
 */
@Command(
    name = "held",
    mixinStandardHelpOptions = true,
    description = {
      "Messages a group's rules held for a moderator. The sender was told the message was taken;"
          + " it waits here until it is approved (and posted) or rejected (and dropped)."
    },
    subcommands = {HeldCommand.ListHeld.class, HeldCommand.Approve.class, HeldCommand.Reject.class})
final class HeldCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: list, approve or reject");
  }

  /** The data directory and the held message a subcommand acts on. */
  static final class Target {
    @Mixin DataOption data;

    @Parameters(paramLabel = "ID", description = "The held message's number, as list shows it.")
    long id;
  }

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ISO_INSTANT;

  private static String rules(HeldMessages.Held h) {
    return String.join(", ", h.hits().stream().map(RecordedHit::rule).toList());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the held messages, oldest first: all, or one group's.")
  static final class ListHeld implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(
        paramLabel = "GROUP",
        arity = "0..1",
        description = "Only this group's held messages.")
    String group;

    @Override
    public Integer call() {
      try (Site site = data.openExisting()) {
        Optional<GroupName> only = Optional.ofNullable(group).map(GroupName::of);
        if (only.isPresent() && site.groups().find(only.get()).isEmpty()) {
          throw new CommandFailed("no group " + only.get().value());
        }
        List<HeldMessages.Held> held = site.held().list(only);
        if (held.isEmpty()) {
          System.out.println("no held messages");
        }
        for (HeldMessages.Held h : held) {
          System.out.printf(
              "%-5d %-24s from %-30s %s  %s  (%s)%n",
              h.id(),
              site.settings().groupAddress(h.group()),
              h.fromAddress().isEmpty() ? "<>" : h.fromAddress(),
              WHEN.format(h.heldAt().truncatedTo(ChronoUnit.SECONDS)),
              h.subject().isBlank() ? "(no subject)" : h.subject(),
              rules(h));
          for (RecordedHit hit : h.hits()) {
            System.out.println("      " + hit.rule() + ": " + hit.reason());
          }
        }
      }
      return 0;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Post a held message: it takes the ingest path again as approved, is archived with the"
            + " hits that held it, and goes to the group's members.",
        "If a rule refuses it now, it stays held (exit code 1)."
      })
  static final class Approve implements Callable<Integer> {
    @Mixin Target target;

    @Override
    public Integer call() {
      try (Site site = target.data.openExisting()) {
        if (site.held().find(target.id).isEmpty()) {
          throw new CommandFailed("no held message " + target.id);
        }
        IngestResult r =
            site.decisions()
                .approve(target.id, new ChangedBy.CommandLine(System.getProperty("user.name")));
        return RunAgain.report(
            r,
            "approved: archived",
            "no longer held",
            "It stays held; reject it with: parley held reject " + target.id);
      }
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Drop a held message without posting it; its sender is not told.")
  static final class Reject implements Callable<Integer> {
    @Mixin Target target;

    @Override
    public Integer call() {
      try (Site site = target.data.openExisting()) {
        if (!site.decisions()
            .discard(target.id, new ChangedBy.CommandLine(System.getProperty("user.name")))) {
          throw new CommandFailed("no held message " + target.id);
        }
        System.out.println("rejected held message " + target.id);
      }
      return 0;
    }
  }
}
