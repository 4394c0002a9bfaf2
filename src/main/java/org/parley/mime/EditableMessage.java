package org.parley.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * A stored message read for editing into a copy of it: header fields removed, replaced or added,
 * and text appended to its body, while everything not edited is written back byte for byte as
 * received. This is how a copy is changed; what to change is for its caller (delivery's
 * decorations) to decide.
 *
 * <p>The header section is read as the archive read it ({@link HeaderSection}): an mbox envelope
 * line at the start is not part of the copy, and a line that is no field ends the header section.
 * Raw header text is handled as ISO-8859-1, so 8-bit (RFC 6532) bytes pass through unchanged.
 * Fields added are written after those already there, in the order they are added.
 */
public final class EditableMessage {
  private static final byte[] CRLF = {'\r', '\n'};

  private byte[] raw;
  private Message flat;
  private final List<HeaderLine> fields;
  private byte[] body;

  private EditableMessage(byte[] raw, Message flat, List<HeaderLine> fields, byte[] body) {
    this.raw = raw;
    this.flat = flat;
    this.fields = fields;
    this.body = body;
  }

  /**
   * Reads {@code raw}, without limits (the message was accepted at the door already); the body is
   * kept as one undecoded block, exactly as received.
   *
   * @throws IOException when the message cannot be parsed at all
   */
  public static EditableMessage read(byte[] raw) throws IOException {
    Message flat = parse(raw, true);
    List<HeaderLine> fields = new ArrayList<>(flat.getHeader().getFields().size() + 16);
    for (Field f : flat.getHeader().getFields()) {
      fields.add(new HeaderLine(f.getNameLowerCase(), f, null));
    }
    return new EditableMessage(raw, flat, fields, rawBody(flat));
  }

  /** Whether the header section has a field of this name (case-insensitive). */
  public boolean has(String name) {
    return first(name) >= 0;
  }

  /**
   * The unstructured text of the first field of this name (RFC 5322 §3.2.5), unfolded, with its RFC
   * 2047 encoded words decoded; empty when there is no such field.
   */
  public Optional<String> text(String name) {
    int at = first(name);
    return at < 0 ? Optional.empty() : Optional.of(HeaderText.decode(value(at)));
  }

  /**
   * The value of the first field of this name as received, unfolded, encoded words and all; empty
   * when there is no such field. For a structured field (an address list) that is kept as it was.
   */
  public Optional<String> raw(String name) {
    int at = first(name);
    return at < 0 ? Optional.empty() : Optional.of(value(at));
  }

  /** Removes every field of this name (case-insensitive). */
  public void remove(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    fields.removeIf(line -> line.lowerName.equals(lower));
  }

  /** Removes every field whose lower-case name matches, such as all the {@code list-} fields. */
  public void removeIf(Predicate<String> lowerCaseName) {
    fields.removeIf(line -> lowerCaseName.test(line.lowerName));
  }

  /**
   * Adds {@code name: value} as given, unfolded: for a value that is a single token or already in
   * its final form, in US-ASCII, such as {@code <mailto:news@example.org>} or a Date.
   */
  public void add(String name, String value) {
    addLine(name, name + ": " + value);
  }

  /**
   * Adds a field of unstructured text (RFC 5322 §3.2.5, such as a Subject), as RFC 2047 encoded
   * words where the text is not plain US-ASCII.
   */
  public void addText(String name, String text) {
    add(name, encodeText(name, text));
  }

  /**
   * Adds a field of one mailbox or a mailbox-like {@code phrase <id>} (such as From or List-Id),
   * the display name quoted or encoded as RFC 2047 §5 (3) requires, folded (RFC 5322 §2.2.3). A
   * blank display name leaves only {@code <id>}.
   */
  public void addMailbox(String name, String displayName, String address) {
    String value =
        displayName == null || displayName.isBlank()
            ? "<" + address + ">"
            : EncoderUtil.encodeAddressDisplayName(displayName) + " <" + address + ">";
    addLine(name, MimeUtil.fold(name + ": " + value, 0));
  }

  /**
   * Puts {@code prefix} in front of the unstructured text of the first field of this name (such as
   * a Subject's {@code [news]}), encoded as RFC 2047 encoded words where it is not US-ASCII, and
   * keeps the field's own value as received, encoded words and 8-bit bytes included. The field is
   * unfolded and folded again (RFC 5322 §2.2.3), even for an empty {@code prefix}. Nothing happens
   * when there is no such field.
   */
  public void prefixText(String name, String prefix) {
    int at = first(name);
    if (at < 0) {
      return;
    }
    String value = value(at);
    String joined;
    if (prefix.isEmpty()) {
      joined = value;
    } else {
      String encoded = encodeText(name, prefix);
      joined = value.isEmpty() ? encoded : encoded + " " + value;
    }
    String written = name + ": " + MimeUtil.fold(joined, name.length() + 2);
    fields.set(at, new HeaderLine(name.toLowerCase(Locale.ROOT), null, written));
  }

  /**
   * Adds {@code appendix} to the end of the readable text: to a single text/plain or text/html
   * body, or to those alternatives of a multipart/alternative, re-encoded as UTF-8
   * quoted-printable. A body that cannot take it (multipart/signed or encrypted, mixed, a text in
   * an unknown charset…) is wrapped unchanged, byte for byte, in a multipart/mixed whose second
   * part is the appendix, so signatures stay valid. See {@link TextAppending}.
   *
   * @param boundaries where the boundary of a wrapping multipart/mixed comes from
   */
  public void append(Appendix appendix, Boundaries boundaries) throws IOException {
    TextAppending.Result result = TextAppending.append(raw, flat, body, appendix, boundaries);
    if (result.contentFields().isEmpty()) {
      body = result.body();
      return;
    }
    if (result.allContentFields()) {
      removeIf(field -> field.startsWith("content-"));
    } else {
      remove("Content-Type");
      remove("Content-Transfer-Encoding");
    }
    if (!has("MIME-Version")) {
      add("MIME-Version", "1.0");
    }
    for (String field : result.contentFields()) {
      addLine(field.substring(0, field.indexOf(':')), field);
    }
    body = result.body();
  }

  /**
   * Replaces the first field of this name with one mailbox, written as {@link #addMailbox} writes
   * it, where that field was; adds it at the end when there is none.
   */
  public void replaceMailbox(String name, String displayName, String address) {
    int at = first(name);
    if (at < 0) {
      addMailbox(name, displayName, address);
      return;
    }
    remove(name);
    String value =
        displayName == null || displayName.isBlank()
            ? "<" + address + ">"
            : EncoderUtil.encodeAddressDisplayName(displayName) + " <" + address + ">";
    fields.add(
        Math.min(at, fields.size()),
        new HeaderLine(name.toLowerCase(Locale.ROOT), null, MimeUtil.fold(name + ": " + value, 0)));
  }

  /**
   * Adds a mailbox to the end of an address-list field such as {@code Cc} (RFC 5322 §3.6.3),
   * keeping the addresses already there as received; adds the field when there is none. Nothing
   * changes when the field already names {@code address} (case-insensitive).
   */
  public void appendMailbox(String name, String displayName, String address) {
    int at = first(name);
    if (at < 0) {
      addMailbox(name, displayName, address);
      return;
    }
    String value = value(at);
    if (value.toLowerCase(Locale.ROOT).contains(address.toLowerCase(Locale.ROOT))) {
      return;
    }
    String mailbox =
        displayName == null || displayName.isBlank()
            ? "<" + address + ">"
            : EncoderUtil.encodeAddressDisplayName(displayName) + " <" + address + ">";
    String joined = value.isEmpty() ? mailbox : value + ", " + mailbox;
    fields.set(
        at,
        new HeaderLine(
            name.toLowerCase(Locale.ROOT), null, MimeUtil.fold(name + ": " + joined, 0)));
  }

  /**
   * Makes the message as it now stands the only part of a new multipart/mixed body, as a {@code
   * message/rfc822} attachment (RFC 2046 §5.2.1) byte for byte, header and all, so its own
   * signatures stay valid inside; the outer header keeps every field but the {@code Content-} ones.
   * Later edits (a footer) apply to the new message.
   *
   * @param boundaries where the boundary of the multipart/mixed comes from
   */
  public void wrapAsAttachment(Boundaries boundaries) throws IOException {
    byte[] inner = concat(header(), CRLF, body);
    String boundary = boundaries.next();
    while (contains(inner, ("--" + boundary).getBytes(StandardCharsets.US_ASCII))) {
      boundary = boundaries.next();
    }
    boolean eightBit = false;
    for (byte b : inner) {
      if (b < 0) {
        eightBit = true;
        break;
      }
    }
    removeIf(field -> field.startsWith("content-"));
    remove("MIME-Version");
    add("MIME-Version", "1.0");
    add("Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"");
    if (eightBit) {
      add("Content-Transfer-Encoding", "8bit");
    }
    String open =
        "This message was posted by its author as the attached message.\r\n\r\n--"
            + boundary
            + "\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n"
            + (eightBit ? "Content-Transfer-Encoding: 8bit\r\n" : "")
            + "\r\n";
    String close = "\r\n--" + boundary + "--\r\n";
    byte[] whole =
        concat(
            header(),
            CRLF,
            open.getBytes(StandardCharsets.US_ASCII),
            inner,
            close.getBytes(StandardCharsets.US_ASCII));
    EditableMessage read = read(whole);
    this.raw = read.raw;
    this.flat = read.flat;
    this.fields.clear();
    this.fields.addAll(read.fields);
    this.body = read.body;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** The header section as it now stands: each field ending in CRLF, without the empty line. */
  public byte[] header() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length, 16_384) + 1024);
    for (HeaderLine line : fields) {
      line.writeTo(out);
    }
    return out.toByteArray();
  }

  /** The body as it now stands, after the empty line that ends the header section. */
  public byte[] body() {
    return body;
  }

  private void addLine(String name, String written) {
    fields.add(new HeaderLine(name.toLowerCase(Locale.ROOT), null, written));
  }

  /** The index of the first field of this name, or -1. */
  private int first(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).lowerName.equals(lower)) {
        return i;
      }
    }
    return -1;
  }

  /** The value of the field at {@code i} from its raw bytes, unfolded and stripped. */
  private String value(int i) {
    String line = fields.get(i).text();
    return MimeUtil.unfold(line.substring(line.indexOf(':') + 1)).strip();
  }

  private static String encodeText(String name, String text) {
    return EncoderUtil.encodeIfNecessary(text, EncoderUtil.Usage.TEXT_TOKEN, name.length() + 2);
  }

  /**
   * Parses with mime4j, reading the header section as the archive did ({@link HeaderSection}).
   * {@code flat} leaves the body as one undecoded block, exactly as received.
   */
  static Message parse(byte[] raw, boolean flat) throws IOException {
    DefaultMessageBuilder builder = new DefaultMessageBuilder();
    builder.setMimeEntityConfig(HeaderSection.config());
    builder.setDecodeMonitor(DecodeMonitor.SILENT);
    builder.setFlatMode(flat);
    builder.setContentDecoding(!flat);
    return builder.parseMessage(HeaderSection.open(raw).in());
  }

  private static byte[] rawBody(Message flat) throws IOException {
    if (flat.getBody() instanceof SingleBody single) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(16, single.size()));
      single.writeTo(out);
      return out.toByteArray();
    }
    throw new IOException("the body of the message could not be read");
  }

  /** Writes a field as received, or as written by mime4j when it has no raw form. */
  static void writeRaw(ByteArrayOutputStream out, Field f) {
    ByteSequence raw = f.getRaw();
    if (raw != null) {
      out.write(raw.toByteArray(), 0, raw.length());
    } else {
      byte[] b = (f.getName() + ": " + f.getBody()).getBytes(StandardCharsets.ISO_8859_1);
      out.write(b, 0, b.length);
    }
    out.write(CRLF, 0, 2);
  }

  /** Writes a header line; raw header text is ISO-8859-1 so 8-bit bytes pass through unchanged. */
  static void line(ByteArrayOutputStream out, String line) {
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    out.write(b, 0, b.length);
    out.write(CRLF, 0, 2);
  }

  /**
   * One field of the header section: either as received ({@code original}) or as written here
   * ({@code written}, the whole field without the final CRLF).
   */
  private record HeaderLine(String lowerName, Field original, String written) {
    String text() {
      if (written != null) {
        return written;
      }
      ByteSequence raw = original.getRaw();
      return raw != null
          ? new String(raw.toByteArray(), StandardCharsets.ISO_8859_1)
          : original.getName() + ": " + original.getBody();
    }

    void writeTo(ByteArrayOutputStream out) {
      if (written != null) {
        line(out, written);
      } else {
        writeRaw(out, original);
      }
    }
  }
}
