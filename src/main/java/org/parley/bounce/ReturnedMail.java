package org.parley.bounce;

import java.util.Arrays;
import org.parley.mime.MessageOutline;

/**
 * A message that reached a bounce or feedback address, as the rules of {@link BounceReader} look at
 * it: its bytes (read only so far, {@link MessageOutline#MAX_BYTES}) and its outline.
 */
final class ReturnedMail {
  private final byte[] raw;
  private final MessageOutline outline;

  ReturnedMail(byte[] raw) {
    byte[] start =
        raw.length > MessageOutline.MAX_BYTES ? Arrays.copyOf(raw, MessageOutline.MAX_BYTES) : raw;
    this.raw = withoutByteOrderMark(start);
    this.outline = MessageOutline.read(this.raw);
  }

  /**
   * The message without the UTF-8 byte order mark some Windows tools save mail with, which would
   * make its first header field unreadable.
   */
  private static byte[] withoutByteOrderMark(byte[] raw) {
    boolean bom =
        raw.length >= 3 && raw[0] == (byte) 0xEF && raw[1] == (byte) 0xBB && raw[2] == (byte) 0xBF;
    return bom ? Arrays.copyOfRange(raw, 3, raw.length) : raw;
  }

  /** The message as received, but for a byte order mark, as far as it is read. */
  byte[] raw() {
    return raw;
  }

  /** Its fields, report type, text and parts. */
  MessageOutline outline() {
    return outline;
  }

  /** The readable text, lines ending in "\n". */
  String text() {
    return outline.text();
  }

  /** The Subject, or "". */
  String subject() {
    return header("Subject");
  }

  /** The value of the first top-level field of that name, or "". */
  String header(String name) {
    return outline.header(name).orElse("").strip();
  }
}
