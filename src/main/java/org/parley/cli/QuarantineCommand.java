package org.parley.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Quarantine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley quarantine list|show|release|drop}: mail the ingest path could not process. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = {
      "Messages that could not be processed (the parse or the screen failed on them).",
      "Each sender is asked to try again until the same message has failed "
          + Quarantine.ATTEMPTS
          + " times; then it is held here, on disk, and the sender is told it was taken."
          + " Release it once the cause is fixed, or drop it."
    },
    subcommands = {
      QuarantineCommand.ListEntries.class,
      QuarantineCommand.Show.class,
      QuarantineCommand.Release.class,
      QuarantineCommand.Drop.class
    })
final class QuarantineCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: list, show, release or drop");
  }

  /** The data directory and the entry a subcommand works on. */
  static final class Target {
    @Mixin DataOption data;

    @Parameters(paramLabel = "ID", description = "The entry's number, as list shows it.")
    long id;
  }

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ISO_INSTANT;

  private static String state(Quarantine.Entry e) {
    return e.held()
        ? "held"
        : "retrying (" + e.failures() + " of " + Quarantine.ATTEMPTS + " failed)";
  }

  private static Quarantine.Entry entry(Site site, long id) {
    return site.quarantine()
        .find(id)
        .orElseThrow(() -> new CommandFailed("no message " + id + " in quarantine"));
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the messages in quarantine, oldest first.")
  static final class ListEntries implements Callable<Integer> {
    @Mixin DataOption data;

    @Override
    public Integer call() {
      try (Site site = data.openExisting()) {
        List<Quarantine.Entry> entries = site.quarantine().list();
        if (entries.isEmpty()) {
          System.out.println("no messages in quarantine");
        }
        for (Quarantine.Entry e : entries) {
          System.out.printf(
              "%-5d %-28s %-24s from %-30s %s  %s%n",
              e.id(),
              state(e),
              site.settings().groupAddress(e.group()),
              e.envelope().mailFrom().isEmpty() ? "<>" : e.envelope().mailFrom(),
              WHEN.format(e.lastFailedAt().truncatedTo(ChronoUnit.SECONDS)),
              e.summary());
        }
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a message's envelope and its last error, or with --raw its bytes.")
  static final class Show implements Callable<Integer> {
    @Mixin Target target;

    @Option(
        names = "--raw",
        description = "Write the message's bytes, exactly as they came, to standard output.")
    boolean raw;

    @Override
    public Integer call() {
      try (Site site = target.data.openExisting()) {
        Quarantine.Entry e = entry(site, target.id);
        if (raw) {
          System.out.write(site.quarantine().raw(e));
          System.out.flush();
          return 0;
        }
        System.out.println("entry:        " + e.id());
        System.out.println("state:        " + state(e));
        System.out.println("group:        " + site.settings().groupAddress(e.group()));
        System.out.println(
            "from:         "
                + (e.envelope().mailFrom().isEmpty() ? "<>" : e.envelope().mailFrom()));
        System.out.println("to:           " + String.join(", ", e.envelope().recipients()));
        System.out.println("client:       " + e.envelope().remote());
        System.out.println("size:         " + e.rawSize() + " bytes");
        System.out.println("failures:     " + e.failures());
        System.out.println("first failed: " + WHEN.format(e.firstFailedAt()));
        System.out.println("last failed:  " + WHEN.format(e.lastFailedAt()));
        System.out.println("error:");
        e.error().lines().forEach(l -> System.out.println("  " + l));
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read the message's bytes", ex);
      }
      return 0;
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = {
        "Run a message through the ingest path again, as mail from its original sender, once"
            + " the cause of its failure is fixed.",
        "Archived, it leaves the quarantine and goes to the group's members. If a rule refuses"
            + " it, or it fails again, it stays (exit code 1)."
      })
  static final class Release implements Callable<Integer> {
    @Mixin Target target;

    @Override
    public Integer call() {
      try (Site site = target.data.openExisting()) {
        entry(site, target.id);
        IngestResult r = site.ingestor().release(target.id);
        return RunAgain.report(
            r,
            "archived",
            "removed from quarantine",
            "It stays in quarantine; drop it with: parley quarantine drop " + target.id);
      }
    }
  }

  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description = "Remove a message from quarantine without posting it.")
  static final class Drop implements Callable<Integer> {
    @Mixin Target target;

    @Override
    public Integer call() {
      try (Site site = target.data.openExisting()) {
        if (!site.quarantine().remove(target.id)) {
          throw new CommandFailed("no message " + target.id + " in quarantine");
        }
        System.out.println("dropped entry " + target.id);
      }
      return 0;
    }
  }
}
