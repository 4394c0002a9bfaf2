package org.parley.cli;

import java.util.concurrent.Callable;
import org.parley.app.DemoSeed;
import org.parley.app.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parley demo}: a ready site in the data directory with the group "news" and three members
 * who can log in, mail captured locally, running until stopped.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a ready demo site: the group news@<domain> and three demo members.")
final class DemoCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Override
  public Integer call() throws InterruptedException {
    // a demo runs on a laptop with made-up domains that no DNS knows: it checks no sender unless
    // told to (PARLEY_SENDER_AUTH=on)
    Site site = Site.open(data.settings(java.util.Map.of("sender_auth", "off")));
    java.util.List<DemoSeed.Login> logins;
    try {
      // started first: a new site's index is then complete on an empty archive, and the seeded
      // posts are indexed by their own jobs (no "incomplete index" rebuild on a brand-new site)
      DemoSeed.ensureDkimKeys(site); // before the start, which warns of a site without keys
      site.start();
      logins = DemoSeed.ensure(site);
    } catch (RuntimeException e) {
      site.close();
      throw e;
    }
    ServeCommand.Running.announce(site);
    System.out.println("group: " + site.settings().groupAddress(DemoSeed.GROUP));
    for (DemoSeed.Login l : logins) {
      System.out.println("login: " + l.email() + " " + l.password());
    }
    System.out.flush();
    ServeCommand.Running.awaitShutdown(site);
    return 0;
  }
}
