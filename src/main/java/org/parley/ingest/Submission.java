package org.parley.ingest;

import org.parley.group.GroupName;

/**
 * Anything that wants to become a post in one group: the raw RFC 5322 bytes and how they came.
 * Every path (SMTP, web form, API, import, approval) builds one and hands it to {@link Ingestor}.
 */
public record Submission(GroupName group, byte[] raw, Envelope envelope, Source source) {}
