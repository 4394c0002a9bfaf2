package org.parley.jobs;

/**
 * One unit of background work, as claimed by a worker.
 *
 * @param attempts how many times it has been started, this one included
 */
public record Job(long id, String kind, String payload, int attempts, int maxAttempts) {}
