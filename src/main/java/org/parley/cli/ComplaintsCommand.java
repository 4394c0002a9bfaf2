package org.parley.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.bounce.Complaints;
import org.parley.group.GroupName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley complaints [GROUP] [--raw REPORT]}: the abuse feedback reports (RFC 5965) that
 * stopped members' deliveries, kept for the site's operators (docs/bounces.md).
 */
@Command(
    name = "complaints",
    mixinStandardHelpOptions = true,
    description = {
      "The spam complaints (RFC 5965 feedback reports) mail providers sent about the groups' mail,"
          + " newest first: each stopped one member's deliveries, and the report is kept.",
      "With --raw, prints one kept report as it was received."
    })
final class ComplaintsCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ISO_INSTANT;

  @Mixin DataOption data;

  @Parameters(paramLabel = "GROUP", arity = "0..1", description = "Only this group's complaints.")
  String group;

  @Option(
      names = "--raw",
      paramLabel = "REPORT",
      description = "Print the report with this number (the REPORT column) as received.")
  Long raw;

  @Option(names = "--limit", description = "Show at most this many (default: ${DEFAULT-VALUE}).")
  int limit = 100;

  @Override
  public Integer call() {
    try (Site site = data.openExisting()) {
      if (raw != null) {
        byte[] bytes =
            site.complaints()
                .raw(raw)
                .orElseThrow(() -> new CommandFailed("no kept report " + raw));
        try {
          System.out.write(bytes);
          System.out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return 0;
      }
      Optional<GroupName> name = Optional.empty();
      if (group != null) {
        try {
          name = Optional.of(GroupName.of(group));
        } catch (IllegalArgumentException e) {
          throw new CommandFailed(e.getMessage());
        }
        if (site.groups().find(name.get()).isEmpty()) {
          throw new CommandFailed("no group " + group);
        }
      }
      List<Complaints.Complaint> list = site.complaints().list(name, limit);
      if (list.isEmpty()) {
        System.out.println("no complaints");
        return 0;
      }
      System.out.printf(
          "%-20s %-16s %-36s %-8s %-7s %s%n",
          "RECEIVED", "GROUP", "MEMBER", "TYPE", "REPORT", "OWNERS TOLD");
      for (Complaints.Complaint c : list) {
        System.out.printf(
            "%-20s %-16s %-36s %-8s %-7d %s%n",
            WHEN.format(c.at().truncatedTo(ChronoUnit.SECONDS)),
            c.group(),
            c.address(),
            c.feedbackType(),
            c.reportId(),
            c.toldOwners() ? "yes" : "not yet");
      }
    }
    return 0;
  }
}
