package org.parley.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.codec.QuotedPrintableOutputStream;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.Fields;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * The body surgery of {@link EditableMessage#append}: adds an {@link Appendix} to the end of a
 * message's readable text.
 *
 * <ul>
 *   <li>A single text/plain or text/html body is decoded with its charset and transfer encoding,
 *       the appendix added, and the whole re-encoded as UTF-8 quoted-printable (RFC 2045 §6.7);
 *       text/plain keeps its {@code format} and {@code delsp} parameters (RFC 3676).
 *   <li>A multipart/alternative (RFC 2046 §5.1.4) gets the appendix in each of its text/plain and
 *       text/html alternatives that is not an attachment, each re-encoded the same way.
 *   <li>Any other structure (multipart/signed per RFC 1847, multipart/encrypted, mixed, a text in
 *       an unknown charset, a structure mime4j cannot read in full…) is wrapped unchanged, byte for
 *       byte, as the first part of a new multipart/mixed (RFC 2046 §5.1.3) whose second part is the
 *       appendix's text, so signatures stay valid.
 * </ul>
 */
final class TextAppending {
  private static final byte[] CRLF = {'\r', '\n'};

  private TextAppending() {}

  /**
   * The new body and the content fields that go with it.
   *
   * @param contentFields whole fields to write in place of the message's own; empty when they stay
   * @param allContentFields whether every {@code Content-*} field gives way to {@code
   *     contentFields}, or only Content-Type and Content-Transfer-Encoding
   */
  record Result(List<String> contentFields, byte[] body, boolean allContentFields) {}

  static Result append(
      byte[] raw, Message flat, byte[] body, Appendix appendix, Boundaries boundaries)
      throws IOException {
    String type = flat.getMimeType().toLowerCase(Locale.ROOT);
    if (type.equals("text/plain") || type.equals("text/html")) {
      Optional<String> text =
          TextDecoder.exactly(
              transferDecode(body, flat.getContentTransferEncoding()), flat.getCharset());
      if (text.isPresent()) {
        List<NameValuePair> params = new ArrayList<>();
        params.add(new NameValuePair("charset", "utf-8"));
        ContentTypeField ct = flat.getHeader().getField("Content-Type", ContentTypeField.class);
        if (ct != null) {
          for (String keep : List.of("format", "delsp")) {
            if (ct.getParameter(keep) != null) {
              params.add(new NameValuePair(keep, ct.getParameter(keep)));
            }
          }
        }
        return new Result(
            List.of(
                "Content-Type: " + Fields.contentType(type, params).getBody(),
                "Content-Transfer-Encoding: quoted-printable"),
            quotedPrintable(appended(type, text.get(), appendix)),
            false);
      }
    } else if (type.equals("multipart/alternative")) {
      Optional<byte[]> alternatives = alternatives(raw, appendix);
      if (alternatives.isPresent()) {
        return new Result(List.of(), alternatives.get(), false);
      }
    }
    return wrapped(flat, body, appendix, boundaries);
  }

  private static String appended(String type, String text, Appendix appendix) {
    return type.equals("text/plain")
        ? appendText(text, appendix.text())
        : appendHtml(text, appendix.html());
  }

  /**
   * Appends to the text/plain and text/html alternatives; empty when none could take it (then the
   * message is wrapped instead).
   */
  private static Optional<byte[]> alternatives(byte[] raw, Appendix appendix) throws IOException {
    Message full;
    try {
      full = EditableMessage.parse(raw, false);
    } catch (RuntimeException e) {
      // mime4j cannot read every broken structure in full: a part whose header section runs
      // straight into its own multipart body fails in its buffer ("unread only works when…").
      // The flat parse read the message, so it is wrapped, unchanged, with the appendix beside it.
      return Optional.empty();
    }
    if (!(full.getBody() instanceof Multipart multipart)) {
      return Optional.empty();
    }
    boolean changed = false;
    for (Entity part : multipart.getBodyParts()) {
      String type = part.getMimeType().toLowerCase(Locale.ROOT);
      boolean text = type.equals("text/plain") || type.equals("text/html");
      if (!text || !(part.getBody() instanceof TextBody body) || isAttachment(part)) {
        continue;
      }
      Optional<String> decoded = TextDecoder.exactly(bytesOf(body), part.getCharset());
      if (decoded.isEmpty()) {
        return Optional.empty();
      }
      String decorated = appended(type, decoded.get(), appendix);
      part.getHeader().setField(Fields.contentType(type, new NameValuePair("charset", "utf-8")));
      part.getHeader().setField(Fields.contentTransferEncoding("quoted-printable"));
      part.removeBody().dispose();
      part.setBody(BasicBodyFactory.INSTANCE.textBody(crlf(decorated), StandardCharsets.UTF_8));
      changed = true;
    }
    if (!changed) {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 1024);
    new DefaultMessageWriter().writeBody(multipart, out);
    return Optional.of(out.toByteArray());
  }

  /**
   * The original body, unchanged byte for byte, as the first part of a multipart/mixed with its
   * content fields; the appendix's text as the second part.
   */
  private static Result wrapped(Message flat, byte[] body, Appendix appendix, Boundaries boundaries)
      throws IOException {
    String boundary = boundary(body, boundaries);
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(body.length + appendix.text().length() + 512);
    EditableMessage.line(out, "--" + boundary);
    for (Field f : flat.getHeader().getFields()) {
      if (f.getNameLowerCase().startsWith("content-")) {
        EditableMessage.writeRaw(out, f);
      }
    }
    out.write(CRLF);
    out.write(body);
    out.write(CRLF);
    EditableMessage.line(out, "--" + boundary);
    EditableMessage.line(out, "Content-Type: text/plain; charset=utf-8");
    EditableMessage.line(out, "Content-Transfer-Encoding: quoted-printable");
    EditableMessage.line(out, "Content-Disposition: inline");
    out.write(CRLF);
    out.write(quotedPrintable(appendix.text()));
    out.write(CRLF);
    EditableMessage.line(out, "--" + boundary + "--");
    return new Result(
        List.of("Content-Type: multipart/mixed; boundary=\"" + boundary + "\""),
        out.toByteArray(),
        true);
  }

  /** The text, on a line of its own after {@code text}'s last line. */
  static String appendText(String text, String appendix) {
    StringBuilder sb = new StringBuilder(text.length() + appendix.length() + 8).append(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      sb.append('\n');
    }
    return sb.append(appendix).toString();
  }

  /** The fragment before the last {@code </body>}, else {@code </html>}, else at the end. */
  static String appendHtml(String html, String fragment) {
    String lower = html.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf("</body>");
    if (at < 0) {
      at = lower.lastIndexOf("</html>");
    }
    if (at < 0) {
      return html + (html.endsWith("\n") || html.isEmpty() ? "" : "\n") + fragment;
    }
    return html.substring(0, at) + fragment + html.substring(at);
  }

  /** Text with CRLF line ends, UTF-8, quoted-printable (RFC 2045 §6.7). */
  private static byte[] quotedPrintable(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + text.length() / 4 + 16);
    try (OutputStream qp = new QuotedPrintableOutputStream(out, false)) {
      qp.write(crlf(text).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String crlf(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
  }

  private static byte[] transferDecode(byte[] body, String transferEncoding) throws IOException {
    String cte = transferEncoding == null ? "" : transferEncoding.toLowerCase(Locale.ROOT);
    InputStream in;
    if (MimeUtil.isBase64Encoding(cte)) {
      in = new Base64InputStream(new ByteArrayInputStream(body), DecodeMonitor.SILENT);
    } else if (MimeUtil.isQuotedPrintableEncoded(cte)) {
      in = new QuotedPrintableInputStream(new ByteArrayInputStream(body), DecodeMonitor.SILENT);
    } else {
      return body;
    }
    try (in) {
      return in.readAllBytes();
    }
  }

  private static byte[] bytesOf(SingleBody body) throws IOException {
    try (InputStream in = body.getInputStream()) {
      return in.readAllBytes();
    }
  }

  private static boolean isAttachment(Entity part) {
    return "attachment".equalsIgnoreCase(part.getDispositionType());
  }

  /** A boundary that occurs nowhere in {@code body} (RFC 2046 §5.1.1). */
  private static String boundary(byte[] body, Boundaries boundaries) {
    while (true) {
      String b = boundaries.next();
      if (indexOf(body, b.getBytes(StandardCharsets.US_ASCII)) < 0) {
        return b;
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
