package org.parley.archive;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.AccountId;
import org.parley.db.DiskFull;

/**
 * Read marks (glossary): for an account and a topic, the highest post seq read. A mark only moves
 * forward, so two tabs opened in a different order never unread a post. A post the account wrote
 * itself (by the web or by mail) is never unread to it, wherever the mark stands: see {@link
 * #isUnread}, {@link #unreadCounts} and {@link #unreadTopicCount}.
 */
public final class ReadMarks {
  private final Jdbi jdbi;
  private final Clock clock;

  public ReadMarks(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** The account's mark in a topic; 0 when it has read nothing there. */
  public int get(AccountId account, TopicId topic) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT seq FROM read_marks WHERE account_id = :a AND topic_id = :t")
                .bind("a", account.value())
                .bind("t", topic.value())
                .mapTo(Integer.class)
                .findOne()
                .orElse(0));
  }

  /** Whether {@code post} is unread for {@code account} with its mark at {@code mark}. */
  public static boolean isUnread(Post post, AccountId account, int mark) {
    return post.seq() > mark && (account == null || !account.equals(post.accountId()));
  }

  /**
   * How many posts of each of {@code topics} the account has not read: after its mark there, and
   * written by someone else. Topics with none are absent.
   */
  public Map<Long, Integer> unreadCounts(AccountId account, Collection<TopicId> topics) {
    if (topics.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h -> {
          Map<Long, Integer> out = new HashMap<>();
          h.createQuery(
                  "SELECT p.topic_id, COUNT(*) AS n FROM posts p LEFT JOIN read_marks r ON"
                      + " r.topic_id = p.topic_id AND r.account_id = :a WHERE p.topic_id IN"
                      + " (<ids>) AND p.seq > COALESCE(r.seq, 0) AND (p.account_id IS NULL OR"
                      + " p.account_id <> :a) AND p."
                      + ArchiveReader.SHOWN
                      + " GROUP BY p.topic_id")
              .bind("a", account.value())
              .bindList("ids", topics.stream().map(TopicId::value).toList())
              .map((rs, ctx) -> Map.entry(rs.getLong("topic_id"), rs.getInt("n")))
              .forEach(e -> out.put(e.getKey(), e.getValue()));
          return out;
        });
  }

  /**
   * How many of the group's topics have posts the account has not read: after its mark there (every
   * post of a topic it has never opened), and written by someone else. The count the group list
   * shows a member.
   */
  public int unreadTopicCount(AccountId account, long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM topics t LEFT JOIN read_marks r ON r.topic_id = t.id AND"
                        + " r.account_id = :a WHERE t.group_id = :g AND EXISTS (SELECT 1 FROM posts"
                        + " p WHERE p.topic_id = t.id AND p.seq > COALESCE(r.seq, 0) AND"
                        + " (p.account_id IS NULL OR p.account_id <> :a) AND p."
                        + ArchiveReader.SHOWN
                        + ")")
                .bind("a", account.value())
                .bind("g", groupId)
                .mapTo(Integer.class)
                .one());
  }

  /**
   * Moves the mark forward to {@code seq}; a lower seq leaves it where it is, and so does a full
   * disk (the page is read all the same; RELIABILITY A2).
   */
  public void advance(AccountId account, TopicId topic, int seq) {
    try {
      advanceOrThrow(account, topic, seq);
    } catch (RuntimeException e) {
      if (!DiskFull.in(e)) {
        throw e;
      }
      // on a full disk the page is still read; the mark moves on at a later view
    }
  }

  private void advanceOrThrow(AccountId account, TopicId topic, int seq) {
    jdbi.useTransaction(
        h -> {
          int updated =
              h.createUpdate(
                      "UPDATE read_marks SET seq = :s, updated_at = :now WHERE account_id = :a AND"
                          + " topic_id = :t AND seq < :s")
                  .bind("s", seq)
                  .bind("now", clock.millis())
                  .bind("a", account.value())
                  .bind("t", topic.value())
                  .execute();
          if (updated == 0) {
            h.createUpdate(
                    "INSERT INTO read_marks (account_id, topic_id, seq, updated_at) SELECT :a, :t,"
                        + " :s, :now WHERE NOT EXISTS (SELECT 1 FROM read_marks WHERE account_id ="
                        + " :a AND topic_id = :t)")
                .bind("s", seq)
                .bind("now", clock.millis())
                .bind("a", account.value())
                .bind("t", topic.value())
                .execute();
          }
        });
  }

  /** Sets the mark to exactly {@code seq}, back or forward (the demo seed, tests). */
  public void set(AccountId account, TopicId topic, int seq) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate("DELETE FROM read_marks WHERE account_id = :a AND topic_id = :t")
              .bind("a", account.value())
              .bind("t", topic.value())
              .execute();
          h.createUpdate(
                  "INSERT INTO read_marks (account_id, topic_id, seq, updated_at) VALUES (:a, :t,"
                      + " :s, :now)")
              .bind("s", seq)
              .bind("now", clock.millis())
              .bind("a", account.value())
              .bind("t", topic.value())
              .execute();
        });
  }
}
