package org.parley.cli;

import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.group.GroupName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley digest send <group>}: sends a group's pending digests now. */
@Command(
    name = "digest",
    mixinStandardHelpOptions = true,
    description = "Digests: the posts of a period mailed at once to members who chose them.",
    subcommands = {DigestCommand.Send.class})
final class DigestCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: send");
  }

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = {
        "Close the group's current digest period now: every member on digest or abridged is owed"
            + " the posts since their last digest, and the next period starts now.",
        "The digests are queued; the running site (parley serve) sends them within moments."
      })
  static final class Send implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "GROUP")
    String name;

    @Override
    public Integer call() {
      GroupName groupName = GroupName.of(name);
      try (Site site = data.openExisting()) {
        Group g =
            site.groups()
                .find(groupName)
                .orElseThrow(() -> new CommandFailed("no group named " + groupName));
        int queued = site.digests().sendNow(g);
        System.out.println(
            queued + " digest(s) of " + g.name() + " queued, with the posts since the last ones");
      }
      return 0;
    }
  }
}
