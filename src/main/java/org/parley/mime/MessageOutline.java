package org.parley.mime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A message read for what machines write in it, as bounce processing needs: its header fields, its
 * media type and {@code report-type} (RFC 6522 §3), its readable text, and each of its leaf parts
 * with its type, its fields and its content as text. Bodies are decoded from base64 and
 * quoted-printable and read in their declared charset (see {@link TextDecoder}); an attached
 * message ({@code message/rfc822}) is one part, its content the whole message as text.
 *
 * <p>Reports are read, not kept, so only so much is read: the first {@value #MAX_BYTES} bytes of
 * the message (what a report says comes before the message it returns) and the first {@value
 * #MAX_TEXT} characters of each part's text and of the readable text. Nothing here throws: a
 * message mime4j cannot read at all is an outline with what was read of it.
 *
 * @param headers the top-level header fields, in order, decoded and unfolded
 * @param mimeType the message's media type in lower case, such as {@code multipart/report}
 * @param reportType the {@code report-type} parameter of a {@code multipart/report}, in lower case,
 *     such as {@code delivery-status} or {@code feedback-report}; empty for any other message
 * @param text the readable text, as {@link MessageParser} chooses it (the text of the HTML when
 *     there is no plain text), with lines ending in "\n"
 * @param parts every part that is not a multipart, in message order
 */
public record MessageOutline(
    List<Header> headers, String mimeType, String reportType, String text, List<Part> parts) {

  /** How many bytes of a message are read. */
  public static final int MAX_BYTES = 1 << 20;

  /** How many characters of each text are kept. */
  private static final int MAX_TEXT = 64 * 1024;

  /**
   * One leaf part.
   *
   * @param mimeType its media type in lower case
   * @param headers its header fields, decoded and unfolded
   * @param text its decoded content read as text in its charset, with lines ending in "\n"
   */
  public record Part(String mimeType, List<Header> headers, String text) {
    public Part {
      headers = List.copyOf(headers);
    }
  }

  /** Makes the lists unmodifiable. */
  public MessageOutline {
    headers = List.copyOf(headers);
    parts = List.copyOf(parts);
  }

  /** The value of the first top-level field of that name, ignoring case. */
  public Optional<String> header(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst();
  }

  /** The parts of that media type (in lower case), in order. */
  public List<Part> parts(String type) {
    return parts.stream().filter(p -> p.mimeType().equals(type)).toList();
  }

  /** Reads {@code raw}, as much of it as this class reads. */
  public static MessageOutline read(byte[] raw) {
    byte[] kept = raw.length > MAX_BYTES ? Arrays.copyOf(raw, MAX_BYTES) : raw;
    Defects defects = new Defects();
    TextDecoder decoder = new TextDecoder(defects);
    EncodedWords words = new EncodedWords(decoder);
    MimePart root;
    try {
      root = new MimeTreeReader(Limits.defaults(), defects, decoder).read(kept);
    } catch (MalformedMessageException e) {
      return new MessageOutline(List.of(), "text/plain", "", "", List.of());
    }
    String type = root.field("Content-Type");
    String reportType = "";
    if (root.mimeType.equals("multipart/report") && type != null) {
      String given =
          MimeParameters.parse(type, decoder, defects, "the Content-Type header")
              .get("report-type");
      reportType = given == null ? "" : given.strip().toLowerCase(Locale.ROOT);
    }
    BodySelector.Body body = new BodySelector(decoder, defects).select(root);
    String text = body.text();
    if (text.isBlank() && body.hasHtml()) {
      text = HtmlText.of(body.html());
    }
    List<Part> parts = new ArrayList<>();
    leaves(root, parts, decoder, words);
    return new MessageOutline(headers(root, words), root.mimeType, reportType, capped(text), parts);
  }

  private static void leaves(
      MimePart part, List<Part> out, TextDecoder decoder, EncodedWords words) {
    if (part.isMultipart()) {
      for (MimePart child : part.children) {
        leaves(child, out, decoder, words);
      }
      return;
    }
    byte[] content =
        part.content.length > MAX_TEXT * 4
            ? Arrays.copyOf(part.content, MAX_TEXT * 4)
            : part.content;
    String text = decoder.decode(content, part.charset, "the " + part.mimeType + " part");
    out.add(
        new Part(
            part.mimeType,
            headers(part, words),
            capped(text.replace("\r\n", "\n").replace('\r', '\n'))));
  }

  private static List<Header> headers(MimePart part, EncodedWords words) {
    List<Header> headers = new ArrayList<>(part.fields.size());
    for (MimePart.Field field : part.fields) {
      headers.add(
          new Header(field.name(), words.decode(field.value(), "the " + field.name() + " header")));
    }
    return headers;
  }

  private static String capped(String text) {
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
  }
}
