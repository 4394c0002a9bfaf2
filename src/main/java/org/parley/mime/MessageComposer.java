package org.parley.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.Fields;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.RawField;

/**
 * Writes a {@link Draft} as an RFC 5322 message with mime4j's DOM builder and writer: Message-ID,
 * Date (§3.3, in UTC), From, To, Cc, Reply-To, Subject (RFC 2047 encoded when not ASCII),
 * In-Reply-To and References (§3.6.4), MIME-Version, and a UTF-8 body: one text/plain part, or
 * multipart/alternative (RFC 2046 §5.1.4) of text/plain and text/html when the draft has HTML. A
 * part goes as it is (7bit, RFC 2045 §2.7) when it can: ASCII, no line over 998 octets (RFC 5322
 * §2.1.1), none ending in white space (which transports may strip) or starting "From " (which mbox
 * files change); so a long link in a plain message reaches even a reader who sees the raw text
 * whole. Any other part is quoted-printable. Lines end in CRLF throughout. Line breaks in header
 * values are turned into spaces, so no value can smuggle in a header of its own. Each field is
 * folded once, by {@link FieldFolding}.
 */
public final class MessageComposer {

  /** A field name (RFC 5322 §3.6.8): printable ASCII except the colon. */
  private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]+");

  /** Returns the bytes of the message {@code draft} describes. */
  public byte[] compose(Draft draft) {
    Objects.requireNonNull(draft, "draft");
    try {
      Message.Builder message = header(draft);
      BodyPartBuilder text = textPart(draft.text(), "plain");
      if (draft.html() == null) {
        message.setBody(text.build().getBody());
        message.setContentType("text/plain", charsetParameter());
        message.setContentTransferEncoding(transferEncoding(crlf(draft.text())));
      } else {
        message.setBody(
            MultipartBuilder.create("alternative")
                .addBodyPart(text)
                .addBodyPart(textPart(draft.html(), "html"))
                .build());
      }
      return write(message);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a message to memory cannot fail", e);
    }
  }

  /**
   * Returns the bytes of a MIME digest (RFC 2046 §5.1.5): a multipart/mixed message whose first
   * part is {@code draft}'s text (the table of contents, text/plain), then a multipart/digest with
   * each of {@code messages} as a message/rfc822 part, byte for byte as given (7bit, or 8bit when a
   * message has 8-bit octets, RFC 2046 §5.2.1), then {@code footer} as a last text/plain part. The
   * header is {@code draft}'s, as {@link #compose} writes it; its HTML is not used.
   *
   * @param messages complete messages with CRLF line ends, each as received
   */
  public byte[] composeDigest(Draft draft, List<byte[]> messages, String footer) {
    Objects.requireNonNull(draft, "draft");
    try {
      Message.Builder message = header(draft);
      MultipartBuilder digest = MultipartBuilder.create("digest");
      for (byte[] raw : messages) {
        boolean eightBit = false;
        for (byte b : raw) {
          if (b < 0) {
            eightBit = true;
            break;
          }
        }
        digest.addBodyPart(
            BodyPartBuilder.create()
                .setBody(BasicBodyFactory.INSTANCE.binaryBody(raw))
                .setContentType("message/rfc822")
                .setContentTransferEncoding(eightBit ? "8bit" : "7bit"));
      }
      message.setBody(
          MultipartBuilder.create("mixed")
              .addBodyPart(textPart(draft.text(), "plain"))
              .addBodyPart(BodyPartBuilder.create().setBody(digest.build()))
              .addBodyPart(textPart(footer, "plain"))
              .build());
      return write(message);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a message to memory cannot fail", e);
    }
  }

  private static byte[] write(Message.Builder message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FieldFolding.Writer().writeMessage(message.build(), out);
    return out.toByteArray();
  }

  /** A message with {@code draft}'s header fields and no body yet. */
  private static Message.Builder header(Draft draft) {
    Message.Builder message = Message.Builder.of();
    message.setField(Fields.version("1.0"));
    message.setField(new RawField("Message-ID", "<" + oneLine(draft.messageId()) + ">"));
    message.setField(new RawField("Date", DateField.value(draft.date())));
    message.setFrom(mailbox(draft.from()));
    if (!draft.to().isEmpty()) {
      message.setTo(draft.to().stream().map(MessageComposer::mailbox).toList());
    }
    if (!draft.cc().isEmpty()) {
      message.setCc(draft.cc().stream().map(MessageComposer::mailbox).toList());
    }
    if (draft.replyTo() != null) {
      message.setReplyTo(mailbox(draft.replyTo()));
    }
    message.setSubject(oneLine(draft.subject()));
    if (draft.inReplyTo() != null) {
      message.addField(new RawField("In-Reply-To", "<" + oneLine(draft.inReplyTo()) + ">"));
    }
    if (!draft.references().isEmpty()) {
      message.addField(new RawField("References", ids(draft.references())));
    }
    for (Map.Entry<String, String> extra : draft.extraHeaders().entrySet()) {
      message.addField(extraField(extra.getKey(), extra.getValue()));
    }
    return message;
  }

  private static BodyPartBuilder textPart(String content, String subtype) throws IOException {
    return BodyPartBuilder.create()
        .setBody(crlf(content), subtype, StandardCharsets.UTF_8)
        .setContentTransferEncoding(transferEncoding(crlf(content)));
  }

  /** "7bit" for text that may go as it is (see the class comment), else "quoted-printable". */
  static String transferEncoding(String crlfText) {
    for (String line : crlfText.split("\r\n", -1)) {
      if (line.length() > 998
          || line.startsWith("From ")
          || (!line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1)))
          || !line.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
        return "quoted-printable";
      }
    }
    return "7bit";
  }

  private static org.apache.james.mime4j.stream.NameValuePair charsetParameter() {
    return new org.apache.james.mime4j.stream.NameValuePair("charset", "utf-8");
  }

  private static Mailbox mailbox(org.parley.mime.Mailbox mailbox) {
    String address = oneLine(mailbox.address());
    int at = address.lastIndexOf('@');
    String local = at < 0 ? address : address.substring(0, at);
    String domain = at < 0 ? null : address.substring(at + 1);
    String name = oneLine(mailbox.name());
    return new Mailbox(name.isEmpty() ? null : name, local, domain);
  }

  private static String ids(List<String> ids) {
    StringBuilder value = new StringBuilder();
    for (String id : ids) {
      if (!value.isEmpty()) {
        value.append(' ');
      }
      value.append('<').append(oneLine(id).replace(" ", "")).append('>');
    }
    return value.toString();
  }

  private static RawField extraField(String name, String value) {
    if (name == null || !FIELD_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a header field name: " + name);
    }
    String encoded =
        EncoderUtil.encodeIfNecessary(
            oneLine(value == null ? "" : value), EncoderUtil.Usage.TEXT_TOKEN, name.length() + 2);
    return new RawField(name, encoded);
  }

  /** A header value on one line: every line break becomes a space. */
  private static String oneLine(String value) {
    return value.replaceAll("[\\r\\n]+", " ").strip();
  }

  /** The text with every line ending CRLF (RFC 5322 §2.3). */
  private static String crlf(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
  }
}
