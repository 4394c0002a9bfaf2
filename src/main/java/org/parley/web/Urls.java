package org.parley.web;

import org.parley.archive.MessageId;
import org.parley.group.Links;

/**
 * The URLs of docs/urls.md for the pages: {@link Links} writes them (the core's mail links to the
 * same pages); this adds the web's own types.
 */
public final class Urls {
  private Urls() {}

  /**
   * The route pattern of a page inside a group, for the router: {@code route("/t/{topic}")} is
   * {@code /g/{group}/t/{topic}}, so routes and the links {@link Links} writes share one prefix.
   */
  public static String route(String inGroup) {
    return Links.GROUPS + "{group}" + inGroup;
  }

  public static String group(String group) {
    return Links.group(group);
  }

  public static String topic(String group, long topicId) {
    return Links.topic(group, topicId);
  }

  public static String post(String group, long topicId, long postId) {
    return Links.post(group, topicId, postId);
  }

  public static String permalink(String group, MessageId id) {
    return Links.permalink(group, id.value());
  }

  public static String raw(String group, MessageId id) {
    return Links.raw(group, id.value());
  }

  /**
   * One post's bytes as received. Unlike {@link #raw}, it names that post even when another message
   * reused its Message-ID.
   */
  public static String rawPost(String group, long postId) {
    return Links.rawPost(group, postId);
  }

  public static String attachment(String group, long postId, int idx, String filename) {
    return Links.attachment(group, postId, idx, filename);
  }

  /** Percent-encodes a path segment: {@link Links#encode}. */
  public static String encode(String s, boolean keepSlash) {
    return Links.encode(s, keepSlash);
  }
}
