package org.parley.cli;

import java.util.concurrent.Callable;
import org.parley.app.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parley reindex}: rebuilds the search index from the archive (the index is derived data,
 * DESIGN §7 rule 1). Run it with the site stopped: a serving site holds the index's lock.
 */
@Command(
    name = "reindex",
    mixinStandardHelpOptions = true,
    description = "Rebuild the search index from the archive (stop parley serve first).")
final class ReindexCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Override
  public Integer call() throws Exception {
    try (Site site = data.openExisting()) {
      int n = site.reindex();
      System.out.println(n + " post(s) indexed in " + site.searchIndex().directory());
    }
    return 0;
  }
}
