package org.parley.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.importer.ImportFiles;
import org.parley.importer.ImportSummary;
import org.parley.importer.Importer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley import <group> <path…>}: brings a group's history in from mbox files (any dialect,
 * gzip'd, bzip2'd or xz'd), Mailman 2 pipermail months, Maildirs and directories of {@code .eml}
 * files (docs/import.md). Each message takes the one path as an import ({@link Importer}): no mail
 * is sent, dates and Message-IDs are kept, duplicates are counted and skipped.
 *
 * <p>It works with the site stopped or running on the same data directory: it writes the archive
 * (SQLite lets a second writer wait its turn) and queues the posts' index jobs. With the site
 * stopped it then does those jobs itself, so every post is searchable when it ends; a running site
 * holds the search index and its workers do them.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import a group's archive: mbox files (mboxo, mboxrd, mboxcl, mboxcl2; gzip, bzip2 or xz"
          + " compressed), Mailman 2 pipermail months (.txt, .txt.gz), Maildirs and directories"
          + " of .eml files. Messages already in the group (same Message-ID and bytes) are"
          + " skipped, so an interrupted import can simply be run again. No mail is sent.",
      "Works while the site runs, which then indexes the posts for search; with the site stopped"
          + " the import indexes them itself before it ends."
    })
final class ImportCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "GROUP", description = "The group to import into.")
  String group;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "PATH",
      description = "Files and directories to import, in this order.")
  List<Path> paths;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    GroupName name = GroupName.of(group);
    ImportFiles.Found found;
    try {
      found = ImportFiles.find(paths);
    } catch (IllegalArgumentException e) {
      throw new CommandFailed(e.getMessage());
    }
    if (found.files().isEmpty()) {
      throw new CommandFailed("no mail found in " + paths);
    }
    try (Site site = data.openExisting()) {
      Group g =
          site.groups().find(name).orElseThrow(() -> new CommandFailed("no group named " + name));
      Importer importer =
          new Importer(site.ingestor(), Math.max(1, Runtime.getRuntime().availableProcessors()));
      long started = System.nanoTime();
      // Ctrl-C: what was committed stays, and the same command run again finishes the import
      AtomicReference<String> stopped =
          new AtomicReference<>(
              "import stopped; what was committed stays. Run the same command again to finish:"
                  + " what is archived already is skipped.");
      PrintWriter err = spec.commandLine().getErr();
      Thread onStop =
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    String said = stopped.get();
                    if (said != null) {
                      err.printf("%n%s%n", said);
                      err.flush();
                    }
                  });
      Runtime.getRuntime().addShutdownHook(onStop);
      try {
        ImportSummary summary = runWithProgress(importer, g, found);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        print(out, name, summary, took);
        stopped.set(
            "indexing stopped; every post is archived, and the site indexes them when it next"
                + " starts.");
        index(out, site);
        return summary.failedCount() > 0 ? 1 : 0;
      } finally {
        stopped.set(null);
        try {
          Runtime.getRuntime().removeShutdownHook(onStop);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs, and says nothing now
        }
      }
    }
  }

  /** Runs the import, with a progress bar through the files' bytes when on a terminal. */
  private static ImportSummary runWithProgress(Importer importer, Group g, ImportFiles.Found found)
      throws Exception {
    if (!onTerminal()) {
      return importer.run(g, found);
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicReference<ImportSummary> result = new AtomicReference<>();
    Thread worker =
        Thread.ofPlatform()
            .name("parley-import")
            .start(
                () -> {
                  try {
                    result.set(importer.run(g, found));
                  } catch (Exception e) {
                    failure.set(e);
                  }
                });
    long start = System.nanoTime();
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("import")
            .setInitialMax(Math.max(1, found.bytes()))
            .setUnit(" MB", 1 << 20)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .build()) {
      while (worker.isAlive()) {
        worker.join(250);
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        long posts = importer.messagesDone();
        bar.stepTo(importer.bytesRead());
        bar.setExtraMessage(posts + " posts, " + Math.round(posts / seconds) + " posts/s");
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  /**
   * Whether standard output is a terminal, where a progress bar belongs (not a log file or a pipe).
   * Java 21 has no console unless it is; later ones always have one and say so by {@code
   * isTerminal()}, which is looked up as this builds for 21.
   */
  private static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * Makes the imported posts searchable now when the site is stopped; a running site holds the
   * index and indexes them itself.
   */
  private static void index(PrintWriter out, Site site) throws Exception {
    long started = System.nanoTime();
    OptionalInt indexed = site.indexQueued();
    if (indexed.isEmpty()) {
      out.println("search: the running site indexes the new posts");
    } else {
      double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
      out.printf(
          "search: %d post(s) indexed in %.1f s; every post is searchable%n",
          indexed.getAsInt(), seconds);
    }
    out.flush();
  }

  private static void print(PrintWriter out, GroupName name, ImportSummary s, Duration took) {
    double seconds = Math.max(1e-3, took.toMillis() / 1000.0);
    out.printf(
        "imported %d post(s) into %s in %.1f s (%d posts/s)%n",
        s.imported(), name, seconds, Math.round(s.messages() / seconds));
    out.printf("duplicates (already archived): %d%n", s.duplicates());
    if (s.held() > 0) {
      out.printf("held for the moderators: %d%n", s.held());
    }
    out.printf("refused: %d%n", s.refusedCount());
    for (Map.Entry<String, Long> e : s.refused().entrySet()) {
      out.printf("  %d × %s%n", e.getValue(), e.getKey());
    }
    if (s.failedCount() > 0) {
      out.printf("failed (run the import again to retry them): %d%n", s.failedCount());
      for (Map.Entry<String, Long> e : s.failed().entrySet()) {
        out.printf("  %d × %s%n", e.getValue(), e.getKey());
      }
    }
    out.printf(
        "files read: %d%s%n",
        s.files(), s.skipped() > 0 ? " (" + s.skipped() + " skipped: no mail)" : "");
    out.flush();
  }
}
