package org.parley.archive;

/**
 * A committed post.
 *
 * @param duplicate true when this exact message was already archived and nothing changed
 */
public record Archived(PostId post, TopicId topic, boolean duplicate) {}
