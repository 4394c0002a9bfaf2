package org.parley.archive;

/** The orders a group's topic list can be read in. */
public enum TopicOrder {
  /**
   * Latest activity first: by the newest of its posts' dates (a live post's Date taken as no later
   * than its arrival, see {@code ArchiveWriter.activity}).
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
