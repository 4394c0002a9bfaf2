package org.parley.cli;

import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.archive.Post;
import org.parley.archive.RawRepairs;
import org.parley.mime.DoubleFold;
import org.parley.mime.Limits;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley repair}: puts right the web posts that Parley before issue 15's fix wrote with an
 * empty line inside their References field (see {@link DoubleFold}), re-derives their rows from the
 * repaired bytes and rebuilds the search index. Posts that do not show that damage are not touched,
 * so running it twice changes nothing the second time. Run it with the site stopped.
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description =
        "Put right web replies that an earlier Parley stored with a broken header (an empty line"
            + " inside References), then rebuild the search index (stop parley serve first).")
final class RepairCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Option(names = "--dry-run", description = "List the posts that need repair; change nothing.")
  boolean dryRun;

  private int found;
  private int skipped;

  @Override
  public Integer call() throws Exception {
    try (Site site = data.openExisting()) {
      RawRepairs repairs = new RawRepairs(site.db().jdbi(), site.blobs());
      MessageParser parser =
          new MessageParser(Limits.defaults().withMaxBytes(site.settings().maxMessageBytes()));
      repairs.each(
          "web",
          post -> {
            var fixed = DoubleFold.undo(site.reader().raw(post));
            if (fixed.isEmpty()) {
              return;
            }
            ParsedMessage m;
            try {
              m = parser.parse(fixed.get());
            } catch (MalformedMessageException e) {
              System.out.println("left as it is: post " + describe(post) + ": " + e.getMessage());
              skipped++;
              return;
            }
            found++;
            System.out.println(
                (dryRun ? "needs repair: post " : "repaired: post ") + describe(post));
            if (!dryRun) {
              repairs.replace(post, fixed.get(), RawRepairs.Derived.of(m));
            }
          });
      if (found > 0 && !dryRun) {
        int n = site.reindex();
        System.out.println(found + " post(s) repaired; " + n + " post(s) indexed");
      } else {
        System.out.println(
            found + " post(s) " + (dryRun ? "need repair" : "needed repair") + "; nothing changed");
      }
    }
    return skipped > 0 ? 1 : 0;
  }

  private static String describe(Post post) {
    return post.id().value()
        + " (topic "
        + post.topicId().value()
        + ", "
        + post.messageId().bracketed()
        + ", "
        + post.subject()
        + ")";
  }
}
