package org.parley.group;

import java.time.Instant;

/**
 * A group: a list at {@code name@domain} and a forum at {@code /g/name/}, with its policy.
 *
 * @param visibility who may read: anyone, also signed out; anyone signed in; its members; or only
 *     those who run it
 * @param posting who may post: its members, anyone, or its owners and managers (announcements)
 * @param joining whether anyone may join on the web, ask to join, or only the invited
 * @param subjectPrefix added to the subject of each copy, such as {@code [news]}; may be empty
 * @param replyTo where replies go by default: to the group, or to the author
 * @param footer plain text appended to each copy; may be empty
 * @param showAddresses whether members see each other's email addresses on the web
 * @param maxBytes the largest message this group takes
 * @param moderation whose posts are held for a moderator
 * @param moderateFirst with {@link Moderation#NEW_MEMBERS}, how many of a member's posts a
 *     moderator approves before the member's posts go straight to the group (at least 1)
 * @param memberList who may see the member list: {@link Visibility#PRIVATE} its members (the
 *     default), {@link Visibility#MANAGERS} only those who run it, or wider
 * @param postByEmail whether the group takes posts by mail at its address
 * @param postOnWeb whether the group takes posts from its web pages
 * @param welcome the text mailed to each new member, before the group's standard lines; may be
 *     empty
 * @param spamThreshold the spam score (as a spam filter in front writes it into the message) at or
 *     above which a post is held for a moderator; {@link #SPAM_OFF} reads no score
 * @param heldDays how many days a held post waits for a moderator before it expires (at least 1)
 * @param holdDoubtful whether a post the site would refuse only because it is over the group's
 *     maximum size, or looks like a command meant for the list server ("unsubscribe"), is held for
 *     a moderator instead, as Mailman does
 * @param digestPeriod how often the group's digests go out to members who chose them: daily or
 *     weekly, each period ending at 00:00 UTC
 * @param fromRewriting whether and how copies carry the group's address in From instead of the
 *     author's (DMARC mitigation)
 * @param dmarcFailure what becomes of mail from a member's address that fails DMARC or has no
 *     alignment at all: held for a moderator (the default), refused, or accepted
 */
public record Group(
    long id,
    GroupName name,
    String title,
    String description,
    Visibility visibility,
    Posting posting,
    Joining joining,
    String subjectPrefix,
    ReplyTo replyTo,
    String footer,
    boolean showAddresses,
    long maxBytes,
    Instant createdAt,
    Moderation moderation,
    int moderateFirst,
    Visibility memberList,
    boolean postByEmail,
    boolean postOnWeb,
    String welcome,
    double spamThreshold,
    int heldDays,
    boolean holdDoubtful,
    DigestPeriod digestPeriod,
    FromRewriting fromRewriting,
    DmarcFailure dmarcFailure) {

  /** A new group's number of first posts held under {@link Moderation#NEW_MEMBERS}. */
  public static final int DEFAULT_MODERATE_FIRST = 1;

  /** A {@link #spamThreshold} that reads no spam score: nothing is held for its score. */
  public static final double SPAM_OFF = 0;

  /**
   * A new group's {@link #spamThreshold}: SpamAssassin's own default for "this is spam" (its {@code
   * required_score}), which rspamd's default "add header" action (6) is near.
   */
  public static final double DEFAULT_SPAM_THRESHOLD = 5.0;

  /** A new group's {@link #heldDays}: two weeks, as Mailman's pending requests. */
  public static final int DEFAULT_HELD_DAYS = 14;

  public Group {
    if (moderateFirst < 1) {
      throw new IllegalArgumentException("moderate-first must be 1 or more, not " + moderateFirst);
    }
    if (heldDays < 1) {
      throw new IllegalArgumentException("held-days must be 1 or more, not " + heldDays);
    }
    if (!(spamThreshold >= 0) || Double.isInfinite(spamThreshold)) {
      throw new IllegalArgumentException(
          "spam-threshold must be a score above 0, or off, not " + spamThreshold);
    }
    welcome = welcome == null ? "" : welcome;
    digestPeriod = digestPeriod == null ? DigestPeriod.DAILY : digestPeriod;
    fromRewriting = fromRewriting == null ? FromRewriting.DEFAULT : fromRewriting;
    dmarcFailure = dmarcFailure == null ? DmarcFailure.HOLD : dmarcFailure;
  }

  /** A group with every setting given but the digest period, which is daily. */
  public Group(
      long id,
      GroupName name,
      String title,
      String description,
      Visibility visibility,
      Posting posting,
      Joining joining,
      String subjectPrefix,
      ReplyTo replyTo,
      String footer,
      boolean showAddresses,
      long maxBytes,
      Instant createdAt,
      Moderation moderation,
      int moderateFirst,
      Visibility memberList,
      boolean postByEmail,
      boolean postOnWeb,
      String welcome,
      double spamThreshold,
      int heldDays,
      boolean holdDoubtful) {
    this(
        id,
        name,
        title,
        description,
        visibility,
        posting,
        joining,
        subjectPrefix,
        replyTo,
        footer,
        showAddresses,
        maxBytes,
        createdAt,
        moderation,
        moderateFirst,
        memberList,
        postByEmail,
        postOnWeb,
        welcome,
        spamThreshold,
        heldDays,
        holdDoubtful,
        DigestPeriod.DAILY,
        FromRewriting.DEFAULT,
        DmarcFailure.HOLD);
  }

  /**
   * A group with today's defaults for every setting not named: nothing held, the member list for
   * members, posting by mail and web, no welcome text, the default spam threshold and expiry.
   */
  public Group(
      long id,
      GroupName name,
      String title,
      String description,
      Visibility visibility,
      Posting posting,
      Joining joining,
      String subjectPrefix,
      ReplyTo replyTo,
      String footer,
      boolean showAddresses,
      long maxBytes,
      Instant createdAt) {
    this(
        id,
        name,
        title,
        description,
        visibility,
        posting,
        joining,
        subjectPrefix,
        replyTo,
        footer,
        showAddresses,
        maxBytes,
        createdAt,
        Moderation.NONE,
        DEFAULT_MODERATE_FIRST,
        Visibility.PRIVATE,
        true,
        true,
        "",
        DEFAULT_SPAM_THRESHOLD,
        DEFAULT_HELD_DAYS,
        false,
        DigestPeriod.DAILY,
        FromRewriting.DEFAULT,
        DmarcFailure.HOLD);
  }

  /** Whether anyone may read the group, signed in or not. */
  public boolean isPublic() {
    return visibility == Visibility.PUBLIC;
  }

  /** Whether only the group's members (or only its managers) may post to it. */
  public boolean membersOnlyPosting() {
    return posting != Posting.ANYONE;
  }

  /** Whether anyone with an account may join the group on the web without asking. */
  public boolean openToJoin() {
    return joining == Joining.OPEN;
  }

  /** Whether a spam score at or above {@link #spamThreshold} holds a post. */
  public boolean holdsSpam() {
    return spamThreshold > 0;
  }

  /** A copy of this group's settings to change: {@code g.edit().posting(ANYONE).build()}. */
  public Edit edit() {
    return new Edit(this);
  }

  /** This group with another visibility. */
  public Group withVisibility(Visibility value) {
    return edit().visibility(value).build();
  }

  /** This group with other rules for posting and Reply-To. */
  public Group withPosting(Posting newPosting, ReplyTo newReplyTo) {
    return edit().posting(newPosting).replyTo(newReplyTo).build();
  }

  /** This group with another rule for joining and another footer. */
  public Group withJoining(Joining newJoining, String newFooter) {
    return edit().joining(newJoining).footer(newFooter).build();
  }

  /** This group with members seeing, or not seeing, each other's addresses. */
  public Group withShowAddresses(boolean value) {
    return edit().showAddresses(value).build();
  }

  /** This group with another size limit. */
  public Group withMaxBytes(long value) {
    return edit().maxBytes(value).build();
  }

  /** This group with another moderation setting, holding the first {@code first} posts. */
  public Group withModeration(Moderation value, int first) {
    return edit().moderation(value).moderateFirst(first).build();
  }

  /**
   * A group's settings being changed: each setter replaces one, {@link #build} checks them and
   * makes the group. The id, name and creation time are the group's own and stay.
   */
  public static final class Edit {
    private final long id;
    private final GroupName name;
    private String title;
    private String description;
    private Visibility visibility;
    private Posting posting;
    private Joining joining;
    private String subjectPrefix;
    private ReplyTo replyTo;
    private String footer;
    private boolean showAddresses;
    private long maxBytes;
    private final Instant createdAt;
    private Moderation moderation;
    private int moderateFirst;
    private Visibility memberList;
    private boolean postByEmail;
    private boolean postOnWeb;
    private String welcome;
    private double spamThreshold;
    private int heldDays;
    private boolean holdDoubtful;
    private DigestPeriod digestPeriod;
    private FromRewriting fromRewriting;
    private DmarcFailure dmarcFailure;

    private Edit(Group g) {
      this.id = g.id;
      this.name = g.name;
      this.title = g.title;
      this.description = g.description;
      this.visibility = g.visibility;
      this.posting = g.posting;
      this.joining = g.joining;
      this.subjectPrefix = g.subjectPrefix;
      this.replyTo = g.replyTo;
      this.footer = g.footer;
      this.showAddresses = g.showAddresses;
      this.maxBytes = g.maxBytes;
      this.createdAt = g.createdAt;
      this.moderation = g.moderation;
      this.moderateFirst = g.moderateFirst;
      this.memberList = g.memberList;
      this.postByEmail = g.postByEmail;
      this.postOnWeb = g.postOnWeb;
      this.welcome = g.welcome;
      this.spamThreshold = g.spamThreshold;
      this.heldDays = g.heldDays;
      this.holdDoubtful = g.holdDoubtful;
      this.digestPeriod = g.digestPeriod;
      this.fromRewriting = g.fromRewriting;
      this.dmarcFailure = g.dmarcFailure;
    }

    public Edit title(String value) {
      this.title = value;
      return this;
    }

    public Edit description(String value) {
      this.description = value;
      return this;
    }

    public Edit visibility(Visibility value) {
      this.visibility = value;
      return this;
    }

    public Edit posting(Posting value) {
      this.posting = value;
      return this;
    }

    public Edit joining(Joining value) {
      this.joining = value;
      return this;
    }

    public Edit subjectPrefix(String value) {
      this.subjectPrefix = value;
      return this;
    }

    public Edit replyTo(ReplyTo value) {
      this.replyTo = value;
      return this;
    }

    public Edit footer(String value) {
      this.footer = value;
      return this;
    }

    public Edit showAddresses(boolean value) {
      this.showAddresses = value;
      return this;
    }

    public Edit maxBytes(long value) {
      this.maxBytes = value;
      return this;
    }

    public Edit moderation(Moderation value) {
      this.moderation = value;
      return this;
    }

    public Edit moderateFirst(int value) {
      this.moderateFirst = value;
      return this;
    }

    public Edit memberList(Visibility value) {
      this.memberList = value;
      return this;
    }

    public Edit postByEmail(boolean value) {
      this.postByEmail = value;
      return this;
    }

    public Edit postOnWeb(boolean value) {
      this.postOnWeb = value;
      return this;
    }

    public Edit welcome(String value) {
      this.welcome = value;
      return this;
    }

    public Edit spamThreshold(double value) {
      this.spamThreshold = value;
      return this;
    }

    public Edit holdDoubtful(boolean value) {
      this.holdDoubtful = value;
      return this;
    }

    public Edit heldDays(int value) {
      this.heldDays = value;
      return this;
    }

    public Edit digestPeriod(DigestPeriod value) {
      this.digestPeriod = value;
      return this;
    }

    public Edit fromRewriting(FromRewriting value) {
      this.fromRewriting = value;
      return this;
    }

    public Edit dmarcFailure(DmarcFailure value) {
      this.dmarcFailure = value;
      return this;
    }

    /** The group with the settings as edited. */
    public Group build() {
      return new Group(
          id,
          name,
          title,
          description,
          visibility,
          posting,
          joining,
          subjectPrefix,
          replyTo,
          footer,
          showAddresses,
          maxBytes,
          createdAt,
          moderation,
          moderateFirst,
          memberList,
          postByEmail,
          postOnWeb,
          welcome,
          spamThreshold,
          heldDays,
          holdDoubtful,
          digestPeriod,
          fromRewriting,
          dmarcFailure);
    }
  }
}
