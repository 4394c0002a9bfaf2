package org.parley.cli;

import java.util.concurrent.Callable;
import org.parley.app.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parley redrive}: puts parked jobs back in the queue, and copies the relay failed
 * temporarily until they were given up (after about five days), once the cause is fixed.
 */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = {
      "Put parked jobs (those that failed every attempt) back in the queue, and the copies"
          + " to members that were given up after days of temporary relay failures.",
      "Copies the relay refused for good (5xx) are not sent again."
    })
final class RedriveCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Override
  public Integer call() {
    try (Site site = data.openExisting()) {
      int n = site.jobs().redrive();
      int copies = site.distributor().requeueExpired();
      System.out.println(n + " job(s) queued again");
      System.out.println(copies + " copies given up after their attempts queued again");
    }
    return 0;
  }
}
