package org.parley.archive;

/**
 * An attachment or inline part of a post, its bytes in the blob store.
 *
 * @param idx its number within the post, from 0: the {@code /a/<idx>} of its download URL
 * @param contentId the Content-ID without brackets, for {@code cid:} references; may be null
 */
public record StoredAttachment(
    PostId postId,
    int idx,
    String filename,
    String contentType,
    long size,
    String blobSha256,
    String contentId,
    boolean inline) {}
