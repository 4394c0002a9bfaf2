package org.parley.mime;

/**
 * The bounds {@link MessageParser} keeps a message within. A message beyond any of them is refused
 * with a {@link MalformedMessageException}; everything else is parsed leniently.
 *
 * @param maxDepth how deep MIME parts (RFC 2046 §5.1) may nest inside one another
 * @param maxHeaders how many header fields one header section (RFC 5322 §2.2) may hold
 * @param maxHeaderLineLength how many characters one unfolded header field (RFC 5322 §2.2.3), name
 *     included, may have
 * @param maxBytes how many bytes the whole raw message may have
 * @param maxParts how many MIME parts the whole message may have, at any depth: each becomes a node
 *     in memory and, unless text, an attachment row in the archive's commit
 */
public record Limits(
    int maxDepth, int maxHeaders, int maxHeaderLineLength, long maxBytes, int maxParts) {

  /** The largest message accepted by default: 25 MiB. */
  private static final long DEFAULT_MAX_BYTES = 25L * 1024 * 1024;

  /** Checks that every limit is positive. */
  public Limits {
    if (maxDepth < 1 || maxHeaders < 1 || maxHeaderLineLength < 1 || maxBytes < 1 || maxParts < 1) {
      throw new IllegalArgumentException("every MIME limit must be positive: " + this);
    }
  }

  /**
   * The limits for ordinary mail: parts nested 100 deep, 1000 header fields, 100,000 characters in
   * one header field, 25 MiB and 10,000 parts in all (a MIME digest of 1,000 messages has about
   * 2,000).
   */
  public static Limits defaults() {
    return new Limits(100, 1000, 100_000, DEFAULT_MAX_BYTES, 10_000);
  }

  /** These limits with another size limit. */
  public Limits withMaxBytes(long bytes) {
    return new Limits(maxDepth, maxHeaders, maxHeaderLineLength, bytes, maxParts);
  }
}
