package org.parley.archive;

import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.parley.db.DiskFull;

/**
 * The view counter of topics: a view counts once per viewer per window (30 minutes on the site), so
 * reloading a page or paging back and forth never inflates it. {@code viewer} is an opaque key the
 * caller derives: an account, or a hash of an anonymous visitor's cookie or address.
 */
public final class TopicViews {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration window;

  public TopicViews(Jdbi jdbi, Clock clock, Duration window) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.window = window;
  }

  /**
   * Records a view; returns whether it counted (false inside the viewer's window, and on a full
   * disk, where the page is still shown: RELIABILITY A2).
   */
  public boolean view(TopicId topic, String viewer) {
    try {
      return count(topic, viewer);
    } catch (RuntimeException e) {
      if (DiskFull.in(e)) {
        return false;
      }
      throw e;
    }
  }

  private boolean count(TopicId topic, String viewer) {
    long now = clock.millis();
    return jdbi.inTransaction(
        h -> {
          Long last =
              h.createQuery(
                      "SELECT counted_at FROM topic_views WHERE topic_id = :t AND viewer = :v")
                  .bind("t", topic.value())
                  .bind("v", viewer)
                  .mapTo(Long.class)
                  .findOne()
                  .orElse(null);
          if (last != null && now - last < window.toMillis()) {
            return false;
          }
          if (last == null) {
            h.createUpdate(
                    "INSERT INTO topic_views (topic_id, viewer, counted_at) VALUES (:t, :v, :now)")
                .bind("t", topic.value())
                .bind("v", viewer)
                .bind("now", now)
                .execute();
          } else {
            h.createUpdate(
                    "UPDATE topic_views SET counted_at = :now WHERE topic_id = :t AND viewer = :v")
                .bind("t", topic.value())
                .bind("v", viewer)
                .bind("now", now)
                .execute();
          }
          h.createUpdate("UPDATE topics SET view_count = view_count + 1 WHERE id = :t")
              .bind("t", topic.value())
              .execute();
          return true;
        });
  }
}
