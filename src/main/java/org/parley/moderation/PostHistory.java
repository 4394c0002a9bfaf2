package org.parley.moderation;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.parley.archive.PostBodies;

/**
 * What the screen may ask of a group's posts (the archive's {@code posts} table): how many one
 * sender made lately, and the text of the latest ones, where imported posts are history, not
 * traffic, and are never counted; and how many one sender has made at all.
 */
public final class PostHistory {
  private final Jdbi jdbi;

  public PostHistory(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** How many posts {@code address} (case aside) made to a group at {@code since} or after. */
  public record Counts(int sinceHour, int sinceMinute) {}

  /**
   * How many live posts {@code fromAddress} (compared without regard to case) made to the group
   * received at or after {@code hourAgo}, and at or after {@code minuteAgo}.
   */
  public Counts countFrom(long groupId, String fromAddress, Instant hourAgo, Instant minuteAgo) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) AS hour_count, COALESCE(SUM(CASE WHEN received_at >= :minute"
                        + " THEN 1 ELSE 0 END), 0) AS minute_count FROM posts WHERE group_id ="
                        + " :group AND received_at >= :hour AND LOWER(from_address) ="
                        + " LOWER(:from) AND source <> 'import'")
                .bind("group", groupId)
                .bind("hour", hourAgo.toEpochMilli())
                .bind("minute", minuteAgo.toEpochMilli())
                .bind("from", fromAddress)
                .map((rs, ctx) -> new Counts(rs.getInt("hour_count"), rs.getInt("minute_count")))
                .one());
  }

  /** A recent post: who sent it, its text, and when the group received it. */
  public record Recent(String fromAddress, String text, Instant receivedAt) {}

  /**
   * The group's live posts received at or after {@code since}, newest first, at most {@code max}.
   */
  public List<Recent> since(long groupId, Instant since, int max) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT from_address, body_text, bodies, received_at FROM posts WHERE group_id = :group"
                        + " AND received_at >= :since AND source <> 'import'"
                        + " ORDER BY received_at DESC LIMIT :max")
                .bind("group", groupId)
                .bind("since", since.toEpochMilli())
                .bind("max", max)
                .map(
                    (rs, ctx) ->
                        new Recent(
                            rs.getString("from_address"),
                            PostBodies.ofRow(
                                    rs.getBytes("bodies"), rs.getString("body_text"), null, false)
                                .text(),
                            Instant.ofEpochMilli(rs.getLong("received_at"))))
                .list());
  }

  /**
   * How many posts from {@code fromAddress} (compared without regard to case) the group has
   * archived, at most {@code enough}: every post there was approved or needed no approval, and one
   * brought in from the group's old archive counts too, for its author is no newcomer.
   */
  public int postsFrom(long groupId, String fromAddress, int enough) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM posts WHERE group_id = :group AND"
                        + " LOWER(from_address) = LOWER(:from) LIMIT :enough) AS found")
                .bind("group", groupId)
                .bind("from", fromAddress)
                .bind("enough", enough)
                .mapTo(Integer.class)
                .one());
  }
}
