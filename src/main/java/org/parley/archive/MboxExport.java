package org.parley.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes a group's posts, or one topic's, as an mbox in the mboxrd flavour: each message is the raw
 * message exactly as it was received, preceded by a From_ line ({@code From sender date}) and
 * followed by one blank line; every line of it that matches {@code ^>*From } gets one more {@code
 * >}, so a reader that removes one {@code >} from such lines gets the bytes back as they were.
 *
 * <p>The From_ line names the post's sender address (the envelope sender is not kept with a post),
 * or {@code MAILER-DAEMON} when it has none that fits on the line, and the time the post arrived,
 * in C's asctime form in UTC ({@code Sat Dec 5 18:46:51 2026}), as qmail's mbox(5) describes.
 *
 * <p>Removed posts are left out ({@link ArchiveReader} never returns them). The posts are read a
 * page at a time and each raw message is written as it is read, so an export of any size holds one
 * page of ids and one message in memory. Who may export what is decided by the caller.
 */
public final class MboxExport {
  /** What one exported post needs: its id (for paging), raw bytes' key, sender and arrival. */
  record Entry(long id, String rawSha256, String fromAddress, Instant receivedAt) {}

  private static final int PAGE = 500;

  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final ArchiveReader reader;

  public MboxExport(ArchiveReader reader) {
    this.reader = reader;
  }

  /**
   * Writes the posts of group {@code groupId} (of topic {@code topic} only, when it is not null) to
   * {@code out}, in the order they arrived, and returns how many were written. {@code out} is
   * neither flushed nor closed.
   */
  public int write(long groupId, TopicId topic, OutputStream out) throws IOException {
    int count = 0;
    long after = 0;
    while (true) {
      List<Entry> page = reader.exportPage(groupId, topic, after, PAGE);
      for (Entry e : page) {
        writeMessage(e.fromAddress(), e.receivedAt(), reader.blob(e.rawSha256()), out);
        count++;
        after = e.id();
      }
      if (page.size() < PAGE) {
        return count;
      }
    }
  }

  /**
   * Writes one message as an mboxrd entry: the From_ line, the raw bytes with From-quoting, a line
   * end if the message lacks a final one, and the blank line that ends the entry.
   */
  static void writeMessage(String sender, Instant receivedAt, byte[] raw, OutputStream out)
      throws IOException {
    out.write(fromLine(sender, receivedAt).getBytes(StandardCharsets.US_ASCII));
    int start = 0;
    while (start < raw.length) {
      int end = start;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, raw.length);
      if (quoted(raw, start, end)) {
        out.write('>');
      }
      out.write(raw, start, next - start);
      start = next;
    }
    if (raw.length > 0 && raw[raw.length - 1] != '\n') {
      out.write('\n');
    }
    out.write('\n');
  }

  /** The From_ line that begins an entry, with its line end. */
  static String fromLine(String sender, Instant receivedAt) {
    return "From " + envelopeSender(sender) + " " + ASCTIME.format(receivedAt) + "\n";
  }

  /**
   * The sender as the From_ line's one word: the address when it is one printable word of ASCII,
   * {@code MAILER-DAEMON} otherwise (no address, or one with spaces or other characters that would
   * make the line unreadable).
   */
  private static String envelopeSender(String address) {
    if (address == null || address.isEmpty() || address.length() > 320) {
      return "MAILER-DAEMON";
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return "MAILER-DAEMON";
      }
    }
    return address;
  }

  /** Whether the line {@code [start, end)} matches {@code ^>*From }: it gets one more '>'. */
  private static boolean quoted(byte[] raw, int start, int end) {
    int i = start;
    while (i < end && raw[i] == '>') {
      i++;
    }
    if (end - i < 5) {
      return false;
    }
    return raw[i] == 'F'
        && raw[i + 1] == 'r'
        && raw[i + 2] == 'o'
        && raw[i + 3] == 'm'
        && raw[i + 4] == ' ';
  }
}
