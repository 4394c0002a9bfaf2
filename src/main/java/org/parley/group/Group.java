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
    Instant createdAt) {

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
        createdAt);
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
        createdAt);
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
        createdAt);
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
        createdAt);
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
        createdAt);
  }
}
