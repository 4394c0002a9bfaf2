package org.parley.group;

import java.nio.charset.StandardCharsets;

/**
 * The one home of links to the site's pages (docs/urls.md): every path to a group, a conversation,
 * a post, a message by its Message-ID, and the one-click unsubscribe page is written here, for the
 * pages ({@code web/Urls}, the templates) and for the mail the core sends (the footer's archive
 * link, {@code List-Archive}, {@code List-Unsubscribe}) alike, so links and routes agree. Paths are
 * relative to the site; mail puts the site's base URL in front.
 */
public final class Links {
  /** Where every group's pages live: {@code /g/<group>/…}. */
  public static final String GROUPS = "/g/";

  private Links() {}

  /** {@code /g/<group>/}: a group's topics, its archive. */
  public static String group(String group) {
    return GROUPS + group + "/";
  }

  /** {@code /g/<group>/new}: compose a new topic. */
  public static String newTopic(String group) {
    return group(group) + "new";
  }

  /** {@code /g/<group>/me}: a member's own settings for the group (delivery, topics, leaving). */
  public static String me(String group) {
    return group(group) + "me";
  }

  /** {@code /settings/groups}: a signed-in account's settings for all of its groups on one page. */
  public static String myGroups() {
    return "/settings/groups";
  }

  /** {@code /g/<group>/join}: the form that joins an open group. */
  public static String join(String group) {
    return group(group) + "join";
  }

  /** {@code /g/<group>/leave}: the form that leaves a group. */
  public static String leave(String group) {
    return group(group) + "leave";
  }

  /** {@code /g/<group>/pending}: the group's moderation queue, for its moderators. */
  public static String pending(String group) {
    return group(group) + "pending";
  }

  /** {@code /g/<group>/settings}: the group's settings and audit log, for those who run it. */
  public static String settings(String group) {
    return group(group) + "settings";
  }

  /** {@code /g/<group>/digest/send}: the button that sends a group's pending digests now. */
  public static String sendDigests(String group) {
    return group(group) + "digest/send";
  }

  /** {@code /g/<group>/ask}: the form that asks to join a group that asks. */
  public static String ask(String group) {
    return group(group) + "ask";
  }

  /** {@code /g/<group>/requests}: the requests to join, for those who run the group. */
  public static String requests(String group) {
    return group(group) + "requests";
  }

  /** {@code /confirm/<token>}: the page that confirms joining or leaving by a mailed link. */
  public static String confirm(String token) {
    return "/confirm/" + token;
  }

  /** {@code /g/<group>/feed.atom}: the Atom feed of a group's new topics. */
  public static String topicsFeed(String group) {
    return group(group) + "feed.atom";
  }

  /** {@code /g/<group>/posts.atom}: the Atom feed of all a group's posts. */
  public static String postsFeed(String group) {
    return group(group) + "posts.atom";
  }

  /** {@code /g/<group>/t/<id>/feed.atom}: the Atom feed of a conversation's posts. */
  public static String topicFeed(String group, long topicId) {
    return topic(group, topicId) + "feed.atom";
  }

  /** {@code /g/<group>/t/<id>/}: a conversation. */
  public static String topic(String group, long topicId) {
    return group(group) + "t/" + topicId + "/";
  }

  /**
   * {@code /g/<group>/t/<id>/mute}: the page that mutes a conversation, or follows it, for a member
   * (a button: the page itself changes nothing, as mail scanners follow links in copies).
   */
  public static String mute(String group, long topicId) {
    return topic(group, topicId) + "mute";
  }

  /** {@code #p<id>}: the anchor of a post on its conversation's page. */
  public static String anchor(long postId) {
    return "#p" + postId;
  }

  /** A post on its conversation's page. */
  public static String post(String group, long topicId, long postId) {
    return topic(group, topicId) + anchor(postId);
  }

  /** {@code /g/<group>/p/<id>/<action>}: what may be done to one post (reply-author, forward…). */
  public static String postAction(String group, long postId, String action) {
    return group(group) + "p/" + postId + "/" + action;
  }

  /** {@code /g/<group>/m/<message-id>/}: the permalink of a message, by its Message-ID. */
  public static String permalink(String group, String messageId) {
    return group(group) + "m/" + encode(messageId, true) + "/";
  }

  /** {@code /g/<group>/m/<message-id>/raw}: a message's bytes as received. */
  public static String raw(String group, String messageId) {
    return group(group) + "m/" + encode(messageId, true) + "/raw";
  }

  /**
   * One post's bytes as received. Unlike {@link #raw}, it names that post even when another message
   * reused its Message-ID.
   */
  public static String rawPost(String group, long postId) {
    return postAction(group, postId, "raw");
  }

  /** One attachment of a post, under its own file name. */
  public static String attachment(String group, long postId, int idx, String filename) {
    return postAction(group, postId, "a/" + idx + "/" + encode(filename, false));
  }

  /** {@code /u/<token>}: a member's one-click unsubscribe page (RFC 8058). */
  public static String unsubscribe(String memberToken) {
    return "/u/" + memberToken;
  }

  /**
   * Percent-encodes a path segment (RFC 3986 §3.3): unreserved characters and a few harmless
   * sub-delimiters stay; '+' and '&' are encoded so no decoder reads them differently. With {@code
   * keepSlash}, '/' stays too (a Message-ID route takes the rest of the path, and servers refuse an
   * encoded slash).
   */
  public static String encode(String s, boolean keepSlash) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~@!$'()*,;=:".indexOf(c) >= 0
              || (keepSlash && c == '/');
      if (keep) {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
