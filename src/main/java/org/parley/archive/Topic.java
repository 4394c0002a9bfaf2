package org.parley.archive;

import java.time.Instant;

/** A conversation in a group: posts threaded together by references or subject. */
public record Topic(
    TopicId id,
    long groupId,
    String subject,
    Instant firstPostAt,
    Instant lastPostAt,
    int postCount,
    long viewCount) {}
