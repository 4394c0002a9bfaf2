package org.parley.cli;

import org.parley.group.DigestPeriod;
import org.parley.group.DmarcFailure;
import org.parley.group.FromRewriting;
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
      names = "--visibility",
      paramLabel = "WHO",
      description =
          "Who may read it: ${COMPLETION-CANDIDATES} (a new group: private, its members)."
              + " --public and --private say the same as public and private.")
  Visibility visibilityWord;

  @Option(
      names = "--member-list",
      paramLabel = "WHO",
      description =
          "Who may see the member list: ${COMPLETION-CANDIDATES} (a new group: private, its"
              + " members).")
  Visibility memberList;

  @Option(
      names = "--joining",
      paramLabel = "HOW",
      description =
          "Who may join: ${COMPLETION-CANDIDATES} (a new group: open). ask: people ask, with a"
              + " reason, and an owner or manager decides; closed: invited only."
              + " --open and --closed say the same as open and closed.")
  Joining joining;

  @Option(
      names = "--post-by-email",
      paramLabel = "yes|no",
      arity = "1",
      description = "Whether the group takes posts by mail at its address (a new group: yes).")
  YesNo postByEmail;

  @Option(
      names = "--post-on-web",
      paramLabel = "yes|no",
      arity = "1",
      description = "Whether the group takes posts on its web pages (a new group: yes).")
  YesNo postOnWeb;

  @Option(
      names = "--welcome",
      paramLabel = "TEXT",
      description = "Text mailed to each new member; \"\" for the standard lines alone.")
  String welcome;

  @Option(
      names = "--spam-threshold",
      paramLabel = "SCORE",
      description =
          "Hold a post that a spam filter in front scored at least this high (X-Spam-Status,"
              + " X-Spamd-Result), or flagged; off ignores scores (a new group: 5).")
  String spamThreshold;

  @Option(
      names = "--held-days",
      paramLabel = "N",
      description = "Days a held post waits for a moderator before it expires (a new group: 14).")
  Integer heldDays;

  @Option(
      names = "--hold-doubtful",
      paramLabel = "yes|no",
      arity = "1",
      description =
          "Hold, rather than refuse, a post over the group's maximum size or one that looks like a"
              + " command for the list server (a new group: no).")
  YesNo holdDoubtful;

  @Option(
      names = "--digest-period",
      paramLabel = "daily|weekly",
      description =
          "How often members who chose digests or summaries get them; each period ends at 00:00"
              + " UTC, a weekly one on Monday (a new group: daily).")
  DigestPeriod digestPeriod;

  @Option(
      names = "--from-rewrite",
      paramLabel = "WHEN",
      description =
          "When copies come from the group's address instead of the author's:"
              + " ${COMPLETION-CANDIDATES} (a new group: when-needed, for authors whose domain"
              + " publishes a DMARC policy of reject or quarantine).")
  FromRewriting.When fromRewrite;

  @Option(
      names = "--from-style",
      paramLabel = "HOW",
      description =
          "How: munge (From becomes \"'Name' via Group\") or wrap (the post attached as"
              + " message/rfc822) (a new group: munge).")
  FromRewriting.Style fromStyle;

  @Option(
      names = "--author-in",
      paramLabel = "WHERE",
      description =
          "Where a rewritten copy names the author: ${COMPLETION-CANDIDATES} (a new group:"
              + " reply-to).")
  FromRewriting.AuthorIn authorIn;

  @Option(
      names = "--dmarc-failure",
      paramLabel = "hold|refuse|accept",
      description =
          "What becomes of mail from a member's address that fails DMARC or that the author's"
              + " domain does not vouch for at all, as a forged address would: held for a"
              + " moderator, refused at the door, or accepted (a new group: hold).")
  DmarcFailure dmarcFailure;

  /** The answer to a yes-or-no option. */
  enum YesNo {
    yes,
    no
  }

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
    notBoth(
        visibilityWord != null, publicGroup || privateGroup, "--visibility", "--public/--private");
    notBoth(joining != null, open || closed, "--joining", "--open/--closed");
    if (spamThreshold != null) {
      try {
        org.parley.group.GroupSetting.parseScore(spamThreshold);
      } catch (IllegalArgumentException e) {
        throw new CommandFailed("--spam-threshold: " + e.getMessage());
      }
    }
    if (heldDays != null && (heldDays < 1 || heldDays > 365)) {
      throw new CommandFailed("--held-days must be from 1 to 365, not " + heldDays);
    }
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
    return visibilityWord != null
        ? visibilityWord
        : publicGroup ? Visibility.PUBLIC : privateGroup ? Visibility.PRIVATE : otherwise;
  }

  /**
   * {@code g} with every setting these options give changed (its name and id stay). Call {@link
   * #check} and {@link #checkSize} first.
   */
  Group applyTo(Group g) {
    return g.edit()
        .title(title != null ? title.strip() : g.title())
        .description(description != null ? description : g.description())
        .visibility(visibility(g.visibility()))
        .posting(posting != null ? posting : g.posting())
        .joining(
            joining != null ? joining : open ? Joining.OPEN : closed ? Joining.CLOSED : g.joining())
        .subjectPrefix(subjectPrefix != null ? subjectPrefix.strip() : g.subjectPrefix())
        .replyTo(replyTo != null ? replyTo : g.replyTo())
        .footer(footer != null ? footer : g.footer())
        .showAddresses(showAddresses || (!hideAddresses && g.showAddresses()))
        .maxBytes(maxSize != null ? Sizes.parse(maxSize).orElseThrow() : g.maxBytes())
        .moderation(moderation != null ? moderation : g.moderation())
        .moderateFirst(moderateFirst != null ? moderateFirst : g.moderateFirst())
        .memberList(memberList != null ? memberList : g.memberList())
        .postByEmail(postByEmail != null ? postByEmail == YesNo.yes : g.postByEmail())
        .postOnWeb(postOnWeb != null ? postOnWeb == YesNo.yes : g.postOnWeb())
        .welcome(welcome != null ? welcome : g.welcome())
        .spamThreshold(
            spamThreshold != null
                ? org.parley.group.GroupSetting.parseScore(spamThreshold)
                : g.spamThreshold())
        .heldDays(heldDays != null ? heldDays : g.heldDays())
        .holdDoubtful(holdDoubtful != null ? holdDoubtful == YesNo.yes : g.holdDoubtful())
        .digestPeriod(digestPeriod != null ? digestPeriod : g.digestPeriod())
        .fromRewriting(
            new FromRewriting(
                fromRewrite != null ? fromRewrite : g.fromRewriting().when(),
                fromStyle != null ? fromStyle : g.fromRewriting().style(),
                authorIn != null ? authorIn : g.fromRewriting().authorIn()))
        .dmarcFailure(dmarcFailure != null ? dmarcFailure : g.dmarcFailure())
        .build();
  }

  private static void notBoth(boolean first, boolean second, String one, String other) {
    if (first && second) {
      throw new CommandFailed("choose " + one + " or " + other + ", not both");
    }
  }
}
