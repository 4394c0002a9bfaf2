package org.parley.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Finds the topic a new post belongs to, in this order (after RFC 5256 §2.2 and JWZ's threading,
 * made incremental):
 *
 * <ol>
 *   <li>its parent: the In-Reply-To message, else the nearest References entry that is archived;
 *   <li>replies that arrived before it and name it in their references;
 *   <li>posts that share a missing ancestor with it (a "ghost" root none of them has);
 *   <li>for replies only, the latest topic with the same normalised subject active within the
 *       window.
 * </ol>
 *
 * Lookups are single indexed queries and never walk chains, so reference loops cannot hang it.
 */
public final class Threader {
  /** Where a post goes: an existing topic (and the parent post, if known), or a new one. */
  public record Placement(Optional<TopicId> topic, Long parentId) {}

  private final Duration subjectWindow;

  public Threader(Duration subjectWindow) {
    this.subjectWindow = subjectWindow;
  }

  public Placement place(Handle h, NewPost p, Instant at) {
    List<String> parents = new ArrayList<>();
    if (p.inReplyTo() != null) {
      parents.add(p.inReplyTo());
    }
    for (int i = p.references().size() - 1; i >= 0; i--) {
      parents.add(p.references().get(i));
    }
    Set<String> candidates = new LinkedHashSet<>(parents);
    candidates.remove(p.messageId().value());
    for (String ref : candidates) {
      Optional<long[]> parent =
          h.createQuery(
                  "SELECT id, topic_id FROM posts WHERE group_id = :g AND message_id = :m"
                      + " ORDER BY id LIMIT 1")
              .bind("g", p.groupId())
              .bind("m", ref)
              .map((rs, ctx) -> new long[] {rs.getLong("id"), rs.getLong("topic_id")})
              .findOne();
      if (parent.isPresent()) {
        return new Placement(Optional.of(new TopicId(parent.get()[1])), parent.get()[0]);
      }
    }
    Optional<Long> childTopic =
        h.createQuery(
                "SELECT p.topic_id FROM post_refs r JOIN posts p ON p.id = r.post_id"
                    + " WHERE r.group_id = :g AND r.ref = :m ORDER BY p.id LIMIT 1")
            .bind("g", p.groupId())
            .bind("m", p.messageId().value())
            .mapTo(Long.class)
            .findOne();
    if (childTopic.isPresent()) {
      return new Placement(Optional.of(new TopicId(childTopic.get())), null);
    }
    if (!candidates.isEmpty()) {
      Optional<Long> sibling =
          h.createQuery(
                  "SELECT p.topic_id FROM post_refs r JOIN posts p ON p.id = r.post_id"
                      + " WHERE r.group_id = :g AND r.ref IN (<refs>) ORDER BY p.id LIMIT 1")
              .bind("g", p.groupId())
              .bindList("refs", new ArrayList<>(candidates))
              .mapTo(Long.class)
              .findOne();
      if (sibling.isPresent()) {
        return new Placement(Optional.of(new TopicId(sibling.get())), null);
      }
    }
    String key = Subjects.key(p.subject());
    if (p.reply() && !key.isEmpty()) {
      Optional<Long> bySubject =
          h.createQuery(
                  "SELECT id FROM topics WHERE group_id = :g AND subject_key = :k"
                      + " AND last_post_at >= :since ORDER BY last_post_at DESC LIMIT 1")
              .bind("g", p.groupId())
              .bind("k", key)
              .bind("since", at.minus(subjectWindow).toEpochMilli())
              .mapTo(Long.class)
              .findOne();
      if (bySubject.isPresent()) {
        return new Placement(Optional.of(new TopicId(bySubject.get())), null);
      }
    }
    return new Placement(Optional.empty(), null);
  }

  /**
   * Makes a post just archived the parent of the replies to it (by In-Reply-To) that arrived before
   * it in its topic, as when an archive's reply is imported before its parent: they were placed in
   * the topic by their references (step 2 above) with no parent, or with a further ancestor as
   * their parent, and now have their own.
   */
  public void adoptReplies(Handle h, long groupId, TopicId topic, long postId, MessageId id) {
    h.createUpdate(
            "UPDATE posts SET parent_id = :p WHERE group_id = :g AND topic_id = :t"
                + " AND in_reply_to = :m AND id <> :p AND (parent_id IS NULL OR parent_id <> :p)")
        .bind("p", postId)
        .bind("g", groupId)
        .bind("t", topic.value())
        .bind("m", id.value())
        .execute();
  }
}
