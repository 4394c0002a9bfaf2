package org.parley.archive;

/** The orders a group's topic list can be read in. */
public enum TopicOrder {
  /**
   * Latest activity first: the topic a post last arrived in (for imported mail, the newest Date)
   * comes first. A Date header cannot move a live topic up or down.
   */
  LATEST("last_post_at DESC, id DESC"),
  /** Newest topic first: by when its first post was made. */
  NEWEST("first_post_at DESC, id DESC"),
  /** Most replies first; among topics with as many, latest activity first. */
  REPLIES("post_count DESC, last_post_at DESC, id DESC");

  final String orderBy;

  TopicOrder(String orderBy) {
    this.orderBy = orderBy;
  }
}
