package org.parley.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.parley.app.Site;
import org.parley.archive.Post;
import org.parley.archive.PostRemoval;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley post remove}: the operator's way to remove a post from a group's archive, as its
 * owners and managers do on the web ({@link PostRemoval}): spam that got through, or a person's
 * request to remove their data. It works while the site runs; the running site's jobs take the post
 * out of the search index and delete its bytes.
 */
@Command(
    name = "post",
    mixinStandardHelpOptions = true,
    description = {"Act on a post of a group's archive."},
    subcommands = {PostCommand.Remove.class})
final class PostCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: remove");
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = {
        "Remove a post: it disappears at once from the group's pages, topic list and search, and a"
            + " tombstone (\"A message was removed by the moderators.\") keeps its place in the"
            + " conversation. Copies not yet mailed are not sent. Its raw bytes and attachments are"
            + " deleted unless the site sets keep_removed_raw. The group's audit log records it as"
            + " done by the command line.",
        "A post that is not in the group, or was removed already, is an error (exit code 1)."
      })
  static final class Remove implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group's name.")
    String group;

    @Parameters(
        index = "1",
        paramLabel = "POST",
        description =
            "The post's number (as in /g/<group>/p/<number>/…) or its Message-ID, with or without"
                + " angle brackets.")
    String post;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why it is removed, kept in the group's audit log (at most 500 characters).")
    String reason = "";

    @Override
    public Integer call() {
      GroupName name = GroupName.of(group);
      if (reason.strip().length() > PostRemoval.MAX_REASON) {
        throw new CommandFailed(
            "the reason is longer than " + PostRemoval.MAX_REASON + " characters");
      }
      try (Site site = data.openExisting()) {
        Group g =
            site.groups().find(name).orElseThrow(() -> new CommandFailed("no group named " + name));
        Post p =
            PostRemoval.find(site.reader(), g.id(), post)
                .orElseThrow(
                    () ->
                        new CommandFailed(
                            "group "
                                + name
                                + " has no post "
                                + post
                                + " (it may have been removed already)"));
        Optional<PostRemoval.Removed> removed =
            site.removals()
                .remove(
                    g.id(),
                    p.id(),
                    new ChangedBy.CommandLine(System.getProperty("user.name")),
                    reason);
        if (removed.isEmpty()) {
          throw new CommandFailed("post " + post + " was removed meanwhile");
        }
        System.out.println(
            "removed post "
                + p.id().value()
                + " "
                + p.messageId().bracketed()
                + " from "
                + name
                + (removed.get().topicListed() ? "" : " (its topic has no post left)"));
      }
      return 0;
    }
  }
}
