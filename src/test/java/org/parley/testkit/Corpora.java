package org.parley.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real mail in ../shared/corpora, message by message: each {@code .eml} file, and each message
 * of each {@code .mbox} file as {@link Mboxrd} splits it.
 */
public final class Corpora {
  /** One message: the set it comes from (its top folder), where it is, and its bytes. */
  public record Sample(String set, String where, byte[] raw) {}

  private Corpora() {}

  public static List<Sample> all(Path root) {
    List<Sample> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        String set = root.relativize(f).getName(0).toString();
        if (name.endsWith(".eml")) {
          out.add(new Sample(set, root.relativize(f).toString(), Files.readAllBytes(f)));
        } else if (name.endsWith(".mbox")) {
          int i = 0;
          for (byte[] m : Mboxrd.split(Files.readAllBytes(f))) {
            out.add(new Sample(set, root.relativize(f) + "#" + (i++), m));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The message as an SMTP client puts it on the wire: every line ending CRLF (RFC 5321 §2.3.8).
   */
  public static byte[] crlf(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 40);
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '\n' && (i == 0 || raw[i - 1] != '\r')) {
        out.write('\r');
      } else if (b == '\r' && (i + 1 >= raw.length || raw[i + 1] != '\n')) {
        out.write('\r');
        out.write('\n');
        continue;
      }
      out.write(b);
    }
    byte[] r = out.toByteArray();
    if (r.length < 2 || r[r.length - 1] != '\n') {
      byte[] ended = Arrays.copyOf(r, r.length + 2);
      ended[r.length] = '\r';
      ended[r.length + 1] = '\n';
      return ended;
    }
    return r;
  }
}
