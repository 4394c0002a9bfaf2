package org.parley.group;

import java.time.Instant;

/**
 * A group: a list at {@code name@domain} and a forum at {@code /g/name/}, with its policy.
 *
 * @param visibility who may read: {@code public} (anyone, also signed out) or {@code private}
 *     (members only)
 * @param posting who may post: {@code members} or {@code anyone}
 * @param joining {@code open} (anyone may join on the web) or {@code closed} (owners add members)
 * @param subjectPrefix added to the subject of each copy, such as {@code [news]}; may be empty
 * @param replyTo where replies go by default: {@code group} or {@code author}
 * @param footer plain text appended to each copy; may be empty
 * @param showAddresses whether members see each other's email addresses on the web
 * @param maxBytes the largest message this group takes
 */
public record Group(
    long id,
    GroupName name,
    String title,
    String description,
    String visibility,
    String posting,
    String joining,
    String subjectPrefix,
    String replyTo,
    String footer,
    boolean showAddresses,
    long maxBytes,
    Instant createdAt) {

  public boolean isPublic() {
    return "public".equals(visibility);
  }

  public boolean membersOnlyPosting() {
    return "members".equals(posting);
  }

  public boolean openToJoin() {
    return "open".equals(joining);
  }

  /** This group with another visibility ({@code public} or {@code private}). */
  public Group withVisibility(String value) {
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

  /** This group with other rules for posting ({@code members}, {@code anyone}) and Reply-To. */
  public Group withPosting(String newPosting, String newReplyTo) {
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

  /** This group with other rules for joining ({@code open}, {@code closed}) and another footer. */
  public Group withJoining(String newJoining, String newFooter) {
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
