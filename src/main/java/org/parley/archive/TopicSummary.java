package org.parley.archive;

import java.time.Instant;
import java.util.List;

/**
 * What a topic list shows of a topic beyond its row in {@code topics}.
 *
 * @param participants the first authors, each once, in order of their first post (the topic's
 *     starter first)
 * @param participantCount how many people wrote in the topic, those beyond {@code participants}
 *     included
 * @param lastPostAt the newest of its posts' dates as their page shows them ({@link
 *     Post#shownAt()}); null for a topic without posts
 * @param snippet the first post's first words, as {@link Snippets#listing} makes them
 */
public record TopicSummary(
    TopicId topic,
    List<Participant> participants,
    int participantCount,
    Instant lastPostAt,
    String snippet) {

  /**
   * An author in a topic.
   *
   * @param name the name the author gave in their first post there; may be empty
   * @param address the author's address: for telling people apart, never for showing where the
   *     group hides addresses
   */
  public record Participant(String name, String address) {}
}
