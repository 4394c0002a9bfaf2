package org.parley.web;

import java.nio.charset.StandardCharsets;
import org.parley.archive.MessageId;

/** The URLs of docs/urls.md, built in one place so links and routes agree. */
public final class Urls {
  private Urls() {}

  public static String group(String group) {
    return "/g/" + group + "/";
  }

  public static String topic(String group, long topicId) {
    return "/g/" + group + "/t/" + topicId + "/";
  }

  public static String post(String group, long topicId, long postId) {
    return topic(group, topicId) + "#p" + postId;
  }

  public static String permalink(String group, MessageId id) {
    return "/g/" + group + "/m/" + encode(id.value(), true) + "/";
  }

  public static String raw(String group, MessageId id) {
    return "/g/" + group + "/m/" + encode(id.value(), true) + "/raw";
  }

  /**
   * One post's bytes as received. Unlike {@link #raw}, it names that post even when another message
   * reused its Message-ID.
   */
  public static String rawPost(String group, long postId) {
    return "/g/" + group + "/p/" + postId + "/raw";
  }

  public static String attachment(String group, long postId, int idx, String filename) {
    return "/g/" + group + "/p/" + postId + "/a/" + idx + "/" + encode(filename, false);
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
