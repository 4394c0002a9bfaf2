package org.parley.cli;

import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.archive.RawRepairs;
import org.parley.mime.Limits;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley rederive}: makes every post's rows again from its raw message, the record, with
 * today's parser and HTML sanitiser (address lines, text, sanitised HTML, snippet, defects,
 * references), then rebuilds the search index. The raw messages, threads, authors and dates are not
 * touched. A post whose rows already say what its message says is left alone, so a second run
 * changes nothing. Run it with the site stopped.
 */
@Command(
    name = "rederive",
    mixinStandardHelpOptions = true,
    description =
        "Make every post's text, HTML, address lines and references again from its raw message"
            + " with this version's parser and sanitiser, then rebuild the search index (stop"
            + " parley serve first).")
final class RederiveCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Option(names = "--dry-run", description = "Count the posts that would change; change nothing.")
  boolean dryRun;

  private int read;
  private int changed;
  private int unreadable;

  @Override
  public Integer call() throws Exception {
    try (Site site = data.openExisting()) {
      RawRepairs rows = new RawRepairs(site.db().jdbi(), site.blobs());
      MessageParser parser =
          new MessageParser(Limits.defaults().withMaxBytes(site.settings().maxMessageBytes()));
      rows.each(
          null,
          post -> {
            read++;
            RawRepairs.Derived d;
            try {
              d = RawRepairs.Derived.of(parser.parse(site.reader().raw(post)));
            } catch (MalformedMessageException e) {
              // archived under other limits, say: its rows stay as they were
              System.out.println(
                  "left as it is: post " + post.id().value() + ": " + e.getMessage());
              unreadable++;
              return;
            }
            if (!d.matches(post)) {
              changed++;
              if (!dryRun) {
                rows.rederive(post, d);
              }
            }
          });
      if (dryRun) {
        System.out.println(
            read + " post(s) read; " + changed + " would change; nothing changed (--dry-run)");
      } else {
        int n = site.reindex();
        System.out.println(
            read + " post(s) read; " + changed + " changed; " + n + " post(s) indexed");
      }
    }
    return unreadable > 0 ? 1 : 0;
  }
}
