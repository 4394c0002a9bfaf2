package org.parley.cli;

import java.util.concurrent.Callable;
import org.parley.app.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code parley redrive}: puts parked jobs back in the queue (run it after fixing the cause). */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = "Put parked jobs (those that failed every attempt) back in the queue.")
final class RedriveCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Override
  public Integer call() {
    try (Site site = data.openExisting()) {
      int n = site.jobs().redrive();
      System.out.println(n + " job(s) queued again");
    }
    return 0;
  }
}
