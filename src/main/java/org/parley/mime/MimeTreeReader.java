package org.parley.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * Reads raw bytes into a tree of {@link MimePart}s with mime4j's lenient stream parser (RFC 5322
 * §2.1 header and body, RFC 2046 §5.1 multipart), holding the message to its {@link Limits}. Header
 * fields are taken from their raw bytes so 8-bit fields (RFC 6532, or just broken) are read as
 * UTF-8 or else windows-1252; bodies are decoded from base64 or quoted-printable. An attached
 * message (message/rfc822) is kept whole as content, not parsed. What mime4j warns about becomes a
 * defect; should mime4j give up, the parts read so far are kept.
 */
final class MimeTreeReader {

  private final Limits limits;
  private final Defects defects;
  private final TextDecoder decoder;

  MimeTreeReader(Limits limits, Defects defects, TextDecoder decoder) {
    this.limits = limits;
    this.defects = defects;
    this.decoder = decoder;
  }

  /** The root part of the message in {@code raw}. */
  MimePart read(byte[] raw) throws MalformedMessageException {
    MimeConfig config = HeaderSection.config();
    MimeStreamParser parser = new MimeStreamParser(config, new Monitor(), null);
    parser.setContentDecoding(true);
    parser.setNoRecurse();
    TreeBuilder builder = new TreeBuilder();
    parser.setContentHandler(builder);
    try {
      HeaderSection.Opened opened = HeaderSection.open(raw);
      if (opened.mboxLine()) {
        defects.add("the message begins with an mbox \"From \" line, which was skipped");
      }
      if (opened.blankLineAdded()) {
        defects.add(
            "the header section ends at a line that is no header field, without a blank line;"
                + " the body was read from that line");
      }
      parser.parse(opened.in());
    } catch (LimitExceeded e) {
      throw new MalformedMessageException(e.getMessage());
    } catch (MimeException | IOException | RuntimeException e) {
      defects.add("the MIME structure is broken and could only be read in part (" + e + ")");
    }
    return builder.root;
  }

  /**
   * Passes mime4j's warnings on as defects and asks it to carry on. Warnings that only say lines
   * end in LF rather than CRLF are dropped: mbox and Maildir store mail that way, so they tell
   * nothing about the sender.
   */
  private final class Monitor extends DecodeMonitor {
    @Override
    public boolean warn(String message, String dummy) {
      if (!message.equals("Found LF without CR")
          && !message.equals("Found non-standard soft line break")) {
        defects.add("MIME: " + message);
      }
      return false;
    }

    @Override
    public boolean isListening() {
      return true;
    }
  }

  /** A limit broken; thrown from inside mime4j's callbacks to stop the parse. */
  private static final class LimitExceeded extends MimeException {
    LimitExceeded(String reason) {
      super(reason);
    }
  }

  /** Builds the tree from mime4j's events. */
  private final class TreeBuilder implements ContentHandler {
    final MimePart root = new MimePart();
    private final Deque<MimePart> open = new ArrayDeque<>();
    private int headerCount;
    private int parts;

    @Override
    public void startMessage() {
      if (open.isEmpty()) {
        open.push(root);
      }
    }

    @Override
    public void endMessage() {}

    @Override
    public void startBodyPart() throws MimeException {
      MimePart part = new MimePart();
      MimePart parent = open.peek();
      if (parent != null) {
        parent.children.add(part);
      }
      open.push(part);
      if (++parts > limits.maxParts()) {
        throw new LimitExceeded("the message has more than " + limits.maxParts() + " MIME parts");
      }
      if (open.size() - 1 > limits.maxDepth()) {
        throw new LimitExceeded(
            "the message nests MIME parts more than " + limits.maxDepth() + " deep");
      }
    }

    @Override
    public void endBodyPart() {
      open.pop();
    }

    @Override
    public void startHeader() {
      headerCount = 0;
    }

    @Override
    public void field(Field field) throws MimeException {
      if (++headerCount > limits.maxHeaders()) {
        throw new LimitExceeded(
            "the message has more than " + limits.maxHeaders() + " header fields in one section");
      }
      String name = field.getName() == null ? "" : field.getName().strip();
      String value = unfold(valueOf(field, name));
      if (name.length() + 2 + value.length() > limits.maxHeaderLineLength()) {
        throw new LimitExceeded(
            "the message has a header field ("
                + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
                + ") longer than "
                + limits.maxHeaderLineLength()
                + " characters");
      }
      MimePart part = open.peek();
      if (part != null) {
        part.fields.add(new MimePart.Field(name, value));
      }
    }

    @Override
    public void endHeader() {}

    @Override
    public void preamble(InputStream is) {}

    @Override
    public void epilogue(InputStream is) {}

    @Override
    public void startMultipart(BodyDescriptor bd) {
      MimePart part = open.peek();
      if (part != null) {
        part.mimeType = bd.getMimeType().toLowerCase(Locale.ROOT);
      }
    }

    @Override
    public void endMultipart() {}

    @Override
    public void body(BodyDescriptor bd, InputStream is) throws IOException {
      MimePart part = open.peek();
      if (part == null) {
        return;
      }
      part.mimeType = bd.getMimeType().toLowerCase(Locale.ROOT);
      part.charset = bd.getCharset();
      part.content = is.readAllBytes();
    }

    @Override
    public void raw(InputStream is) {}
  }

  /** The value of a field, from its raw bytes where mime4j kept them. */
  private String valueOf(Field field, String name) {
    ByteSequence raw = field.getRaw();
    if (raw == null || !(field instanceof RawField rawField)) {
      return field.getBody() == null ? "" : field.getBody();
    }
    int start = rawField.getDelimiterIdx() + 1;
    if (start <= 0 || start > raw.length()) {
      return field.getBody() == null ? "" : field.getBody();
    }
    byte[] bytes = new byte[raw.length() - start];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = raw.byteAt(start + i);
    }
    if (TextDecoder.isAscii(bytes)) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    if (!TextDecoder.isUtf8(bytes)) {
      defects.add(
          "the " + name + " header has raw 8-bit bytes that are not UTF-8; read as windows-1252");
    }
    return decoder.decodeGuessing(bytes);
  }

  /** Unfolds (RFC 5322 §2.2.3): line breaks go, the white space after them stays. */
  static String unfold(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\r' && c != '\n') {
        out.append(c);
      }
    }
    return out.toString().strip();
  }
}
