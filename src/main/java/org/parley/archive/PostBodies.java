package org.parley.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A post's decoded text and HTML as its row keeps them (the column {@code posts.bodies}): deflated
 * together, the text first, so that a reader who needs only the text inflates only that. They are
 * derived from the raw message, which stays the record, and take about a third of their size so.
 * Rows written before (V23) keep them in {@code body_text} and {@code body_html}, and are read as
 * they are.
 */
public final class PostBodies {
  private PostBodies() {}

  /** The text and HTML (null when the message has none) of a post. */
  public record Bodies(String text, String html) {}

  /** The column's bytes for a post's text and HTML. */
  public static byte[] pack(String text, String html) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() / 2 + 64);
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
      write(out, text);
      write(out, html);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot deflate into memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The text and, if {@code withHtml}, the HTML (else null) of the column's bytes.
   *
   * @throws IllegalStateException if the bytes are not what {@link #pack} writes
   */
  public static Bodies unpack(byte[] packed, boolean withHtml) {
    try (DataInputStream in =
        new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(packed)))) {
      String text = read(in);
      return new Bodies(text == null ? "" : text, withHtml ? read(in) : null);
    } catch (IOException e) {
      throw new IllegalStateException("a post's stored text cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * A row's text and, if {@code withHtml}, HTML (else null): from {@code bodies} when the row has
   * it packed, else from the {@code body_text} and {@code body_html} columns of a row written
   * before V23.
   */
  public static Bodies ofRow(byte[] packed, String text, String html, boolean withHtml) {
    if (packed != null) {
      return unpack(packed, withHtml);
    }
    return new Bodies(text == null ? "" : text, withHtml ? html : null);
  }

  private static void write(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    // as every text column takes it (db/Database): NUL becomes U+FFFD, on either store
    byte[] b =
        (s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD')).getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String read(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
