package org.parley.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.parley.testkit.Corpora;
import org.parley.testkit.Mboxrd;

/** Messages for the benchmarks: from an mbox, with the list headers a client would not send. */
final class Mails {
  private Mails() {}

  /** The messages of an mboxrd file, split as the tests split the corpora ({@link Mboxrd}). */
  static List<byte[]> mbox(Path file) throws IOException {
    return Mboxrd.split(Files.readAllBytes(file));
  }

  /**
   * The message as a client sends it to a list: CRLF line ends, without the header fields (and
   * their continuation lines) named in {@code drop}, such as a former list's Precedence and List-Id
   * that Parley's auto-submitted and loop rules would refuse.
   */
  static byte[] forSubmission(byte[] raw, Set<String> drop) {
    byte[] crlf = Corpora.crlf(raw);
    ByteArrayOutputStream out = new ByteArrayOutputStream(crlf.length);
    int i = 0;
    boolean dropping = false;
    while (i < crlf.length) {
      int end = i;
      while (end + 1 < crlf.length && !(crlf[end] == '\r' && crlf[end + 1] == '\n')) {
        end++;
      }
      int next = Math.min(end + 2, crlf.length);
      if (end == i) { // the empty line: the body follows unchanged
        out.write(crlf, i, crlf.length - i);
        return out.toByteArray();
      }
      boolean continuation = crlf[i] == ' ' || crlf[i] == '\t';
      if (!continuation) {
        String line = new String(crlf, i, end - i, StandardCharsets.ISO_8859_1);
        int colon = line.indexOf(':');
        dropping =
            colon > 0 && drop.contains(line.substring(0, colon).trim().toLowerCase(Locale.ROOT));
      }
      if (!dropping) {
        out.write(crlf, i, next - i);
      }
      i = next;
    }
    return out.toByteArray();
  }
  /**
   * A post of group 1 as the archive would hold it, alone in a topic of its own ({@code id}), for
   * benchmarks that index without an archive; {@code html} is left out when null.
   */
  static org.parley.archive.Post post(
      long id, org.parley.mime.ParsedMessage m, int size, java.time.Instant when, String html) {
    return new org.parley.archive.Post(
        new org.parley.archive.PostId(id),
        1,
        new org.parley.archive.TopicId(id),
        1,
        new org.parley.archive.MessageId(m.messageId()),
        "",
        size,
        null,
        m.inReplyTo(),
        m.from() == null ? "" : m.from().address(),
        m.from() == null ? "" : m.from().name(),
        null,
        m.subject(),
        when,
        when,
        "",
        "",
        "",
        m.text(),
        html,
        "",
        "bench");
  }
}
