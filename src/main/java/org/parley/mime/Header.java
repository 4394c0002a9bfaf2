package org.parley.mime;

import java.util.Objects;

/**
 * One header field of a message (RFC 5322 §2.2), its value unfolded (§2.2.3) and with RFC 2047
 * encoded words decoded.
 *
 * @param name the field name as sent, e.g. {@code Subject}
 * @param value the unfolded, decoded value without leading white space
 */
public record Header(String name, String value) {

  /** Rejects nulls. */
  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
