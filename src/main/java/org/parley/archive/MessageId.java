package org.parley.archive;

/**
 * An RFC 5322 §3.6.4 msg-id, normalised: without angle brackets or surrounding space. Case is kept
 * (msg-ids compare case-sensitively in the left part); the right part is left as sent too, since
 * mail clients quote it back byte for byte in References.
 */
public record MessageId(String value) {
  public MessageId {
    if (value == null || value.isBlank() || value.length() > 998) {
      throw new IllegalArgumentException("not a Message-ID: " + value);
    }
  }

  public static MessageId of(String raw) {
    String s = raw == null ? "" : raw.trim();
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1).trim();
    }
    return new MessageId(s);
  }

  /** The form used in headers: {@code <value>}. */
  public String bracketed() {
    return "<" + value + ">";
  }

  @Override
  public String toString() {
    return value;
  }
}
