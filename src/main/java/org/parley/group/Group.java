package org.parley.group;

import java.time.Instant;

/**
 * A group: a list at {@code name@domain} and a forum at {@code /g/name/}, with its policy.
 *
 * @param visibility who may read: anyone, also signed out, or its members only
 * @param posting who may post: its members, or anyone
 * @param joining whether anyone may join on the web, or owners add members
 * @param subjectPrefix added to the subject of each copy, such as {@code [news]}; may be empty
 * @param replyTo where replies go by default: to the group, or to the author
 * @param footer plain text appended to each copy; may be empty
 * @param showAddresses whether members see each other's email addresses on the web
 * @param maxBytes the largest message this group takes
 * @param moderation whose posts are held for a moderator
 * @param moderateFirst with {@link Moderation#NEW_MEMBERS}, how many of a member's posts a
 *     moderator approves before the member's posts go straight to the group (at least 1)
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
    int moderateFirst) {

  /** A new group's number of first posts held under {@link Moderation#NEW_MEMBERS}. */
  public static final int DEFAULT_MODERATE_FIRST = 1;

  public Group {
    if (moderateFirst < 1) {
      throw new IllegalArgumentException("moderate-first must be 1 or more, not " + moderateFirst);
    }
  }

  /** A group whose posts no moderator holds (as every group was before the setting). */
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
        DEFAULT_MODERATE_FIRST);
  }

  /** Whether anyone may read the group, signed in or not. */
  public boolean isPublic() {
    return visibility == Visibility.PUBLIC;
  }

  /** Whether only the group's members may post to it. */
  public boolean membersOnlyPosting() {
    return posting == Posting.MEMBERS;
  }

  /** Whether anyone with an account may join the group on the web. */
  public boolean openToJoin() {
    return joining == Joining.OPEN;
  }

  /** Whether replies to the group's copies go to the group by default. */
  public boolean repliesToGroup() {
    return replyTo == ReplyTo.GROUP;
  }

  /** This group with another visibility. */
  public Group withVisibility(Visibility value) {
    return new Group(
        id,
        name,
        title,
        description,
        value,
        posting,
        joining,
        subjectPrefix,
        replyTo,
        footer,
        showAddresses,
        maxBytes,
        createdAt,
        moderation,
        moderateFirst);
  }

  /** This group with other rules for posting and Reply-To. */
  public Group withPosting(Posting newPosting, ReplyTo newReplyTo) {
    return new Group(
        id,
        name,
        title,
        description,
        visibility,
        newPosting,
        joining,
        subjectPrefix,
        newReplyTo,
        footer,
        showAddresses,
        maxBytes,
        createdAt,
        moderation,
        moderateFirst);
  }

  /** This group with another rule for joining and another footer. */
  public Group withJoining(Joining newJoining, String newFooter) {
    return new Group(
        id,
        name,
        title,
        description,
        visibility,
        posting,
        newJoining,
        subjectPrefix,
        replyTo,
        newFooter,
        showAddresses,
        maxBytes,
        createdAt,
        moderation,
        moderateFirst);
  }

  /** This group with members seeing, or not seeing, each other's addresses. */
  public Group withShowAddresses(boolean value) {
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
        value,
        maxBytes,
        createdAt,
        moderation,
        moderateFirst);
  }

  /** This group with another size limit. */
  public Group withMaxBytes(long value) {
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
        value,
        createdAt,
        moderation,
        moderateFirst);
  }

  /** This group with another moderation setting, holding the first {@code first} posts. */
  public Group withModeration(Moderation value, int first) {
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
        value,
        first);
  }
}
