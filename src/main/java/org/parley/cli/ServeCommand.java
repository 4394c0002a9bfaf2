package org.parley.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.parley.app.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parley serve}: runs the site until stopped (Ctrl-C or SIGTERM).
 *
 * <p>A site that cannot start stops whole, with one line and status 1: a listener that cannot start
 * leaves no other listening (see {@code Site#start}); the JVM's own errors at start-up, and an
 * out-of-memory error that reaches the top of any thread later, end the process at once with one
 * line and status 1, rather than leave a site half-started or half-alive (issue 16, item 14).
 * {@code ./parley} also runs the JVM with {@code -XX:+ExitOnOutOfMemoryError}, for an out-of-memory
 * error that a library catches before it reaches the top.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the site: SMTP in, job workers and the web, until stopped.")
final class ServeCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Override
  public Integer call() throws InterruptedException {
    Thread.setDefaultUncaughtExceptionHandler(ServeCommand::uncaught);
    Site site;
    try {
      site = data.openExisting().start();
    } catch (VirtualMachineError e) {
      throw halt(e);
    }
    Running.announce(site);
    Running.awaitShutdown(site);
    return 0;
  }

  private static void uncaught(Thread t, Throwable e) {
    if (e instanceof OutOfMemoryError oom) {
      halt(oom);
    }
    // anything else ends its own thread, told as the JVM's default handler tells it
    System.err.print("Exception in thread \"" + t.getName() + "\" ");
    e.printStackTrace(System.err);
  }

  /**
   * Ends the process at once with status 1 and one line: after an out-of-memory error nothing can
   * be trusted to run, not even the shutdown hooks.
   */
  private static Error halt(VirtualMachineError e) {
    System.err.println(
        "parley: the JVM failed ("
            + e
            + ")"
            + (e instanceof OutOfMemoryError ? "; give it more memory (-Xmx)" : "")
            + "; stopping");
    System.err.flush();
    Runtime.getRuntime().halt(1);
    return e; // not reached
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
