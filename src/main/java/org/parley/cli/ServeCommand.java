package org.parley.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.parley.app.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code parley serve}: runs the site until stopped (Ctrl-C or SIGTERM). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the site: SMTP in, job workers and the web, until stopped.")
final class ServeCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Override
  public Integer call() throws InterruptedException {
    Site site = data.openExisting().start();
    Running.announce(site);
    Running.awaitShutdown(site);
    return 0;
  }

  /** What serve and demo share: the ready lines and an orderly stop. */
  static final class Running {
    private Running() {}

    static void announce(Site site) {
      System.out.println("web: " + webUrl(site));
      System.out.println("smtp: " + site.settings().smtpHost() + ":" + site.smtpPort());
      site.lmtpPort()
          .ifPresent(
              port -> System.out.println("lmtp: " + site.settings().lmtpHost() + ":" + port));
      System.out.flush();
    }

    /** The URL the web server answers on: the base URL, with the real port when it was 0. */
    static String webUrl(Site site) {
      String base = site.settings().baseUrl();
      if (site.settings().webPort() == 0) {
        return base.replaceFirst(":0$", ":" + site.webPort());
      }
      return base;
    }

    static void awaitShutdown(Site site) throws InterruptedException {
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    site.close();
                    stopped.countDown();
                  },
                  "parley-shutdown"));
      stopped.await();
    }
  }
}
