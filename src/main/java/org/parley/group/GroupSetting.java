package org.parley.group;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A setting of a group that its owners may change, with the word the audit log keeps for it and the
 * way its value is written there: the words the store keeps for policies ({@link Visibility},
 * {@link Posting}…), {@code yes} or {@code no}, a size in bytes, or the text itself. The order is
 * the order the settings page and {@code parley group set} list them in.
 */
public enum GroupSetting {
  TITLE("title", Group::title),
  DESCRIPTION("description", Group::description),
  VISIBILITY("visibility", g -> g.visibility().word()),
  POSTING("posting", g -> g.posting().word()),
  JOINING("joining", g -> g.joining().word()),
  REPLY_TO("reply-to", g -> g.replyTo().word()),
  SUBJECT_PREFIX("subject-prefix", Group::subjectPrefix),
  FOOTER("footer", Group::footer),
  SHOW_ADDRESSES("show-addresses", g -> g.showAddresses() ? "yes" : "no"),
  MAX_SIZE("max-size", g -> Long.toString(g.maxBytes())),
  MODERATION("moderation", g -> g.moderation().word()),
  MODERATE_FIRST("moderate-first", g -> Integer.toString(g.moderateFirst())),
  MEMBER_LIST("member-list", g -> g.memberList().word()),
  POST_BY_EMAIL("post-by-email", g -> g.postByEmail() ? "yes" : "no"),
  POST_ON_WEB("post-on-web", g -> g.postOnWeb() ? "yes" : "no"),
  WELCOME("welcome", Group::welcome),
  SPAM_THRESHOLD("spam-threshold", g -> score(g.spamThreshold())),
  HELD_DAYS("held-days", g -> Integer.toString(g.heldDays())),
  HOLD_DOUBTFUL("hold-doubtful", g -> g.holdDoubtful() ? "yes" : "no"),
  DIGEST_PERIOD("digest-period", g -> g.digestPeriod().word()),
  FROM_REWRITE("from-rewrite", g -> g.fromRewriting().when().word()),
  FROM_STYLE("from-style", g -> g.fromRewriting().style().word()),
  AUTHOR_IN("author-in", g -> g.fromRewriting().authorIn().word()),
  DMARC_FAILURE("dmarc-failure", g -> g.dmarcFailure().word());

  private final String word;
  private final Function<Group, String> value;

  GroupSetting(String word, Function<Group, String> value) {
    this.word = word;
    this.value = value;
  }

  /** The word the audit log keeps for this setting, as {@code parley group set} prints it. */
  public String word() {
    return word;
  }

  /** This setting's value in {@code group}, as the audit log keeps it. */
  public String valueIn(Group group) {
    return value.apply(group);
  }

  /**
   * The setting a stored word names; an unknown word (a setting a later version added, read by an
   * older one) is empty.
   */
  public static java.util.Optional<GroupSetting> of(String word) {
    for (GroupSetting s : values()) {
      if (s.word.equals(word)) {
        return java.util.Optional.of(s);
      }
    }
    return java.util.Optional.empty();
  }

  /** One setting changed: its value before and after, as the audit log keeps them. */
  public record Change(GroupSetting setting, String before, String after) {}

  /** What differs between {@code before} and {@code after}, in this enum's order. */
  public static List<Change> changes(Group before, Group after) {
    List<Change> out = new ArrayList<>();
    for (GroupSetting s : values()) {
      String was = s.valueIn(before);
      String now = s.valueIn(after);
      if (!was.equals(now)) {
        out.add(new Change(s, was, now));
      }
    }
    return out;
  }

  /**
   * A spam threshold as the log and the command line write it: {@code off}, {@code 5}, {@code 7.5}.
   */
  public static String score(double threshold) {
    return threshold <= Group.SPAM_OFF
        ? "off"
        : java.math.BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString();
  }

  /**
   * A spam threshold as typed: {@code off} (or {@code 0}), or a score above 0.
   *
   * @throws IllegalArgumentException for anything else, saying what is allowed
   */
  public static double parseScore(String typed) {
    String s = typed == null ? "" : typed.strip();
    if (s.equalsIgnoreCase("off")) {
      return Group.SPAM_OFF;
    }
    try {
      double d = Double.parseDouble(s);
      if (d >= 0 && d < 1000) {
        return d;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        "the spam threshold is a score such as 5 or 7.5 (above 0, below 1000), or off, not " + s);
  }

  /** The stored word. */
  @Override
  public String toString() {
    return word;
  }
}
