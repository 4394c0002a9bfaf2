package org.parley.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.parley.app.Site;
import org.parley.archive.MboxExport;
import org.parley.archive.TopicId;
import org.parley.group.Group;
import org.parley.group.GroupName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley export <group> [--topic ID] -o FILE}: a group's archive, or one topic's, as an
 * mboxrd file of the raw messages exactly as received ({@link MboxExport}), as the web's {@code
 * mbox.gz} downloads give it. Removed posts are left out. It works while the site runs.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a group's archive, or one topic's, as an mbox (mboxrd: the raw messages as"
          + " received, \"From \" lines in bodies quoted with '>'). Removed posts are left out.",
      "A FILE whose name ends in .gz is gzip'd; '-o -' writes the mbox to standard output. One"
          + " line of summary goes to standard error."
    })
final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOption data;

  @Parameters(index = "0", paramLabel = "GROUP", description = "The group's name.")
  String group;

  @Option(
      names = "--topic",
      paramLabel = "ID",
      description = "Only this topic (its number, as in /g/<group>/t/<number>/).")
  Long topic;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "Where to write the mbox; '-' for standard output.")
  String output;

  @Option(names = "--gzip", description = "Gzip the output whatever its name (as for a .gz FILE).")
  boolean gzip;

  @Override
  public Integer call() throws IOException {
    GroupName name = GroupName.of(group);
    try (Site site = data.openExisting()) {
      Group g =
          site.groups().find(name).orElseThrow(() -> new CommandFailed("no group named " + name));
      TopicId t = null;
      if (topic != null) {
        t =
            site.reader()
                .topic(new TopicId(topic))
                .filter(x -> x.groupId() == g.id())
                .orElseThrow(() -> new CommandFailed("group " + name + " has no topic " + topic))
                .id();
      }
      MboxExport export = new MboxExport(site.reader());
      int n;
      if (output.equals("-")) {
        OutputStream stdout = new BufferedOutputStream(System.out, 64 * 1024);
        n = write(export, g, t, stdout, gzip);
        stdout.flush();
      } else {
        n = toFile(export, g, t, Path.of(output));
      }
      spec.commandLine()
          .getErr()
          .println(
              "exported "
                  + n
                  + " post(s) of "
                  + name
                  + (t == null ? "" : " topic " + t.value())
                  + " to "
                  + (output.equals("-") ? "standard output" : output));
    }
    return 0;
  }

  /**
   * Writes the export to a temporary file beside {@code file} and renames it into place, so an
   * export that fails halfway leaves no file that looks whole.
   */
  private int toFile(MboxExport export, Group g, TopicId t, Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new CommandFailed("cannot write " + file + ": it is a directory");
    }
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new CommandFailed(
          "cannot write " + file + ": " + dir + " is not a directory that can be written");
    }
    Path temp = Files.createTempFile(dir, ".parley-export-", ".tmp");
    try {
      int n;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
        n = write(export, g, t, out, gzip || file.toString().endsWith(".gz"));
      }
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      return n;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static int write(
      MboxExport export, Group g, TopicId t, OutputStream out, boolean compress)
      throws IOException {
    if (!compress) {
      return export.write(g.id(), t, out);
    }
    GZIPOutputStream z = new GZIPOutputStream(out, 64 * 1024);
    int n = export.write(g.id(), t, z);
    z.finish();
    return n;
  }
}
