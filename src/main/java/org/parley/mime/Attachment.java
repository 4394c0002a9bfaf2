package org.parley.mime;

import java.util.Objects;

/**
 * A part of a message that is not its readable body (RFC 2183): an attached file, an inline image
 * referenced by {@code cid:} (RFC 2392), or an attached message (RFC 2046 §5.2.1, given as a {@code
 * .eml} file).
 *
 * @param filename a safe file name: decoded (RFC 2231, RFC 2047), without path separators; a
 *     made-up name such as {@code attachment-1.bin} when the sender gave none
 * @param contentType the media type in lower case, e.g. {@code image/png}, without parameters
 * @param data the decoded content; owned by this record, not to be modified
 * @param contentId the Content-ID without angle brackets, or null
 * @param inline whether the sender asked for it to be shown in the body rather than as a file
 */
public record Attachment(
    String filename, String contentType, byte[] data, String contentId, boolean inline) {

  /** Rejects nulls except for {@code contentId}. */
  public Attachment {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(data, "data");
  }

  /** The size of the decoded content in bytes. */
  public long size() {
    return data.length;
  }
}
