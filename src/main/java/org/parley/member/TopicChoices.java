package org.parley.member;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.AccountId;

/**
 * Members' choices about single topics (table {@code member_topics}): the topics a member muted,
 * and those they follow by mail although their delivery mode sends no copies one by one. The
 * distributor reads them in the one statement that picks a post's recipients.
 */
public final class TopicChoices {
  /**
   * One choice as the member's settings page lists it.
   *
   * @param subject the topic's subject
   * @param at when the choice was made
   */
  public record Chosen(long topicId, String subject, TopicChoice choice, Instant at) {}

  private final Jdbi jdbi;
  private final Clock clock;

  public TopicChoices(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Sets the member's choice about a topic of the group, in place of any earlier one.
   *
   * @return false when the topic is not one of the group's (nothing is stored then)
   */
  public boolean set(long groupId, AccountId account, long topicId, TopicChoice choice) {
    return jdbi.inTransaction(
        h -> {
          boolean inGroup =
              h.createQuery("SELECT 1 FROM topics WHERE id = :t AND group_id = :g")
                  .bind("t", topicId)
                  .bind("g", groupId)
                  .mapTo(Integer.class)
                  .findOne()
                  .isPresent();
          if (!inGroup) {
            return false;
          }
          h.createUpdate(
                  "INSERT INTO member_topics (group_id, account_id, topic_id, choice, set_at)"
                      + " VALUES (:g, :a, :t, :c, :now) ON CONFLICT (group_id, account_id,"
                      + " topic_id) DO UPDATE SET choice = excluded.choice, set_at = excluded.set_at")
              .bind("g", groupId)
              .bind("a", account.value())
              .bind("t", topicId)
              .bind("c", choice.word())
              .bind("now", clock.millis())
              .execute();
          return true;
        });
  }

  /** Forgets the member's choice about a topic; returns whether there was one. */
  public boolean clear(long groupId, AccountId account, long topicId) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "DELETE FROM member_topics WHERE group_id = :g AND account_id = :a"
                            + " AND topic_id = :t")
                    .bind("g", groupId)
                    .bind("a", account.value())
                    .bind("t", topicId)
                    .execute())
        > 0;
  }

  /** The member's choice about a topic, if they made one. */
  public Optional<TopicChoice> of(long groupId, AccountId account, long topicId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT choice FROM member_topics WHERE group_id = :g AND account_id = :a"
                        + " AND topic_id = :t")
                .bind("g", groupId)
                .bind("a", account.value())
                .bind("t", topicId)
                .mapTo(String.class)
                .findOne()
                .map(TopicChoice::of));
  }

  /** Every choice the member made in the group, the latest first. */
  public List<Chosen> list(long groupId, AccountId account) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.topic_id, t.subject, c.choice, c.set_at FROM member_topics c"
                        + " JOIN topics t ON t.id = c.topic_id"
                        + " WHERE c.group_id = :g AND c.account_id = :a"
                        + " ORDER BY c.set_at DESC, c.topic_id DESC")
                .bind("g", groupId)
                .bind("a", account.value())
                .map(
                    (rs, ctx) ->
                        new Chosen(
                            rs.getLong("topic_id"),
                            rs.getString("subject"),
                            TopicChoice.of(rs.getString("choice")),
                            Instant.ofEpochMilli(rs.getLong("set_at"))))
                .list());
  }
}
