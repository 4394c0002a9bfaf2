package org.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.parley.app.SiteBackup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code parley restore FROM --data DIR}: a backup made by {@code parley backup} into a new or
 * empty data directory ({@link SiteBackup#restore}); {@code parley serve} on it then rebuilds the
 * search index.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a backup made by parley backup into a new or empty data directory (--data). A"
          + " directory that holds anything is refused. Start the site on it afterwards: it"
          + " rebuilds its search index."
    })
final class RestoreCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOption data;

  @Parameters(index = "0", paramLabel = "FROM", description = "The backup's directory.")
  Path from;

  @Override
  public Integer call() throws Exception {
    SiteBackup.Summary s = SiteBackup.restore(from, data.dir());
    spec.commandLine().getErr().println("restored " + s.describe() + " into " + data.dir());
    return 0;
  }
}
