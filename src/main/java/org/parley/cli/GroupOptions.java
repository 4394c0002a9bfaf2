package org.parley.cli;

import org.parley.group.Group;
import org.parley.group.Joining;
import org.parley.group.Moderation;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.mime.Sizes;
import picocli.CommandLine.Option;

/**
 * The settings {@code group create} and {@code group set} share, declared once. An option not given
 * is null or false: {@code create} keeps the new group's default for it, {@code set} the group's
 * current value. The policy options take the words the store keeps ({@link Posting}, {@link
 * ReplyTo}), which picocli lists in the help and in its error for any other word.
 */
final class GroupOptions {
  @Option(names = "--title", description = "A title to show (a new group: its name).")
  String title;

  @Option(names = "--description", description = "What the group is about.")
  String description;

  @Option(
      names = "--public",
      description = "Anyone may read it on the web, signed in or not, search engines too.")
  boolean publicGroup;

  @Option(
      names = "--private",
      description = "Only its members and site admins may read it (a new group's default).")
  boolean privateGroup;

  @Option(
      names = "--posting",
      paramLabel = "WHO",
      description = "Who may post: ${COMPLETION-CANDIDATES} (a new group: members).")
  Posting posting;

  @Option(
      names = "--open",
      description = "Anyone with an account may join on the web (a new group's default).")
  boolean open;

  @Option(names = "--closed", description = "Members are added by owners; nobody joins on the web.")
  boolean closed;

  @Option(
      names = "--reply-to",
      paramLabel = "WHERE",
      description = "Where replies go: ${COMPLETION-CANDIDATES} (a new group: group).")
  ReplyTo replyTo;

  @Option(
      names = "--footer",
      description =
          "Text added to the end of each copy; {title}, {address} and {archive} are filled in"
              + " (a new group: where the copy came from and how to leave).")
  String footer;

  @Option(
      names = "--moderation",
      paramLabel = "WHOSE",
      description =
          "Whose posts wait for a moderator: ${COMPLETION-CANDIDATES} (a new group: none)."
              + " new-members holds a member's first posts (--moderate-first), non-members holds"
              + " mail from anyone who is not a member, everyone holds every post.")
  Moderation moderation;

  @Option(
      names = "--moderate-first",
      paramLabel = "N",
      description =
          "With --moderation new-members: how many of a member's posts a moderator approves"
              + " (a new group: 1).")
  Integer moderateFirst;

  @Option(
      names = "--subject-prefix",
      paramLabel = "TEXT",
      description =
          "Put before the subject of each copy, such as [news]; \"\" for none (a new group:"
              + " [NAME]).")
  String subjectPrefix;

  @Option(
      names = "--show-addresses",
      description = "Members see the addresses of the group's authors on its pages.")
  boolean showAddresses;

  @Option(
      names = "--hide-addresses",
      description = "Members see authors' names only (a new group's default).")
  boolean hideAddresses;

  @Option(
      names = "--max-size",
      paramLabel = "SIZE",
      description =
          "The largest message the group takes, such as 10MB or 512KB; never more than the"
              + " site's max_message_bytes (a new group: 25 MB).")
  String maxSize;

  /**
   * Refuses options that contradict each other, an empty title and a size that is not one, before
   * anything is stored.
   *
   * @throws CommandFailed saying which options
   */
  void check() {
    notBoth(publicGroup, privateGroup, "--public", "--private");
    notBoth(open, closed, "--open", "--closed");
    notBoth(showAddresses, hideAddresses, "--show-addresses", "--hide-addresses");
    if (title != null && title.isBlank()) {
      throw new CommandFailed("--title must not be empty");
    }
    if (moderateFirst != null && moderateFirst < 1) {
      throw new CommandFailed("--moderate-first must be 1 or more, not " + moderateFirst);
    }
    if (maxSize != null && Sizes.parse(maxSize).isEmpty()) {
      throw new CommandFailed("--max-size must be a size such as 10MB, 512KB or a number of bytes");
    }
  }

  /**
   * Refuses a {@code --max-size} the site would never take, or so small hardly a message fits.
   *
   * @param siteMaxBytes the largest message the site takes ({@code max_message_bytes})
   * @throws CommandFailed saying the limit
   */
  void checkSize(long siteMaxBytes) {
    if (maxSize == null) {
      return;
    }
    long bytes = Sizes.parse(maxSize).orElseThrow();
    if (bytes > siteMaxBytes) {
      throw new CommandFailed(
          "--max-size: this site takes messages up to "
              + Sizes.of(siteMaxBytes)
              + " ("
              + siteMaxBytes
              + " bytes, max_message_bytes); choose that or less");
    }
    if (bytes < 1024) {
      throw new CommandFailed("--max-size must be at least 1KB");
    }
  }

  /** The visibility these options ask for, or {@code otherwise} when they name none. */
  Visibility visibility(Visibility otherwise) {
    return publicGroup ? Visibility.PUBLIC : privateGroup ? Visibility.PRIVATE : otherwise;
  }

  /**
   * {@code g} with every setting these options give changed (its name and id stay). Call {@link
   * #check} and {@link #checkSize} first.
   */
  Group applyTo(Group g) {
    return new Group(
        g.id(),
        g.name(),
        title != null ? title.strip() : g.title(),
        description != null ? description : g.description(),
        visibility(g.visibility()),
        posting != null ? posting : g.posting(),
        open ? Joining.OPEN : closed ? Joining.CLOSED : g.joining(),
        subjectPrefix != null ? subjectPrefix.strip() : g.subjectPrefix(),
        replyTo != null ? replyTo : g.replyTo(),
        footer != null ? footer : g.footer(),
        showAddresses || (!hideAddresses && g.showAddresses()),
        maxSize != null ? Sizes.parse(maxSize).orElseThrow() : g.maxBytes(),
        g.createdAt(),
        moderation != null ? moderation : g.moderation(),
        moderateFirst != null ? moderateFirst : g.moderateFirst());
  }

  private static void notBoth(boolean first, boolean second, String one, String other) {
    if (first && second) {
      throw new CommandFailed("choose " + one + " or " + other + ", not both");
    }
  }
}
