package org.parley.smtp;

/**
 * One reply line to the client (RFC 5321 §4.2): a three-digit code and its text, which starts with
 * the RFC 3463 enhanced status where there is one.
 */
record Reply(int code, String text) {
  boolean ok() {
    return code / 100 == 2;
  }

  /** The line as sent, without its CRLF. */
  String line() {
    return code + " " + text;
  }
}
