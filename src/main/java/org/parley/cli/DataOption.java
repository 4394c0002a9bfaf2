package org.parley.cli;

import java.nio.file.Path;
import org.parley.app.Settings;
import org.parley.app.Site;
import picocli.CommandLine.Option;

/** The {@code --data} option every command shares; defaults to $PARLEY_DATA, else ./parley-data. */
final class DataOption {
  @Option(
      names = {"-d", "--data"},
      paramLabel = "DIR",
      description = "Data directory (default: $PARLEY_DATA, else ./parley-data).")
  Path data;

  Path dir() {
    if (data != null) {
      return data;
    }
    String env = System.getenv("PARLEY_DATA");
    return Path.of(env == null || env.isBlank() ? "parley-data" : env);
  }

  Settings settings() {
    return Settings.load(dir());
  }

  /** As {@link #settings()}, with other defaults for the keys in {@code defaults}. */
  Settings settings(java.util.Map<String, String> defaults) {
    return Settings.load(dir(), System.getenv(), defaults);
  }

  /** Opens an existing site's store for a one-off command. */
  Site openExisting() {
    Path dir = dir();
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new CommandFailed(
          "no Parley site at "
              + dir.toAbsolutePath()
              + " (create one with: parley init --domain example.org --admin-email you@example.org)");
    }
    return Site.open(settings());
  }
}
