package org.parley.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.parley.app.SiteBackup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley backup -o DIR}: the whole site (database snapshot, blob files, settings file) in a
 * new directory, taken while the site runs or not ({@link SiteBackup}).
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up the whole site into a new directory: a consistent snapshot of the database (taken"
          + " while the site runs and takes mail), the blob files and parley.conf. The search index"
          + " is left out: a restored site rebuilds it.",
      "On PostgreSQL, back the database up with pg_dump and use --blobs-only for the rest."
    })
final class BackupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOption data;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "The backup's directory: new, or empty.")
  Path output;

  @Option(
      names = "--blobs-only",
      description =
          "Only the blob files and parley.conf (a PostgreSQL site's database is pg_dump's).")
  boolean blobsOnly;

  @Override
  public Integer call() throws Exception {
    Path dir = data.dir();
    if (!Files.isRegularFile(dir.resolve(SiteBackup.DB_FILE))
        && !SiteBackup.onPostgres(data.settings())) {
      throw new CommandFailed("no Parley site at " + dir.toAbsolutePath());
    }
    SiteBackup.Summary s = SiteBackup.backup(data.settings(), output, blobsOnly);
    spec.commandLine().getErr().println("backed up " + s.describe() + " to " + output);
    return 0;
  }
}
