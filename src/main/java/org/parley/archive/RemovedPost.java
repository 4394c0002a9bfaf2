package org.parley.archive;

import java.time.Instant;

/**
 * The place a removed post held in its topic ({@link PostRemoval}): all the conversation page shows
 * of it, a tombstone with its date, so the thread stays readable and replies keep their place.
 *
 * @param seq its place in the topic, as the post had it
 * @param shownAt the date the post was shown with ({@link Post#shownAt})
 * @param removedAt when it was removed
 */
public record RemovedPost(
    PostId id, TopicId topicId, int seq, Instant shownAt, Instant removedAt) {}
