package org.parley.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.EncoderUtil;
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
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.MimeUtil;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.mime.DateField;
import org.parley.mime.HeaderSection;
import org.parley.mime.Html;
import org.parley.mime.TextDecoder;

/**
 * Builds the copies members receive from a post's raw message. The raw message is the record and is
 * never changed; a copy is derived from it:
 *
 * <ul>
 *   <li>The original Message-ID, From, Date, References, In-Reply-To and every other field are kept
 *       byte for byte, except the ones the list owns: {@code List-*}, {@code Precedence}, {@code
 *       Return-Path} (RFC 5321 §4.4: set by the final delivery), {@code DKIM-Signature} (RFC 6376:
 *       the subject prefix and footer break it) and, when replies go to the group, {@code
 *       Reply-To}.
 *   <li>The list's fields are added: {@code List-Id} (RFC 2919 §3, also what our {@code loop} rule
 *       recognises), {@code List-Post}, {@code List-Archive}, {@code List-Help}, {@code
 *       List-Subscribe}, {@code List-Owner} and a per-member {@code List-Unsubscribe} (RFC 2369
 *       §3), {@code List-Unsubscribe-Post} (RFC 8058 §3.1), {@code Precedence: list} and {@code
 *       Reply-To} by the group's policy (RFC 5322 §3.6.2).
 *   <li>The group's subject prefix is put in front once: a subject that already carries it (such as
 *       {@code Re: [news] hi}) is left alone. An RFC 2047 encoded subject keeps its encoded words.
 *   <li>The group's footer is appended to the text: to a single text/plain or text/html body, or to
 *       both alternatives of a multipart/alternative, decoded with its charset and transfer
 *       encoding and re-encoded as UTF-8 quoted-printable (RFC 2045 §6.7). Any other structure
 *       (multipart/signed per RFC 1847, mixed, a text in an unknown charset…) is wrapped unchanged,
 *       byte for byte, as the first part of a new multipart/mixed (RFC 2046 §5.1.3) whose second
 *       part is the footer, so signatures stay valid.
 * </ul>
 *
 * <p>The work is done once per post ({@link #decorate}); {@link CopyTemplate#copyFor} then adds the
 * per-member header.
 */
public final class Decorator {
  private static final Set<String> LIST_OWNED =
      Set.of("precedence", "return-path", "dkim-signature", "x-loop");
  private static final String FOOTER_RULE = "_______________________________________________";
  private static final byte[] CRLF = {'\r', '\n'};

  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;

  /**
   * @param domain the site's mail domain: a group's address is {@code <group>@<domain>}
   * @param baseUrl the public URL of the site without a trailing slash, for links in headers
   */
  public Decorator(String domain, String baseUrl) {
    this(domain, () -> baseUrl);
  }

  /**
   * As above, with the base URL read for each post: a site started on port 0 learns its real port
   * only once its web server listens.
   */
  public Decorator(String domain, Supplier<String> baseUrl) {
    this.addresses = new ListAddresses(domain);
    this.baseUrl =
        () -> {
          String url = baseUrl.get();
          return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        };
  }

  /**
   * The footer with its placeholders filled in: {@code {title}}, {@code {address}} (the group's
   * posting address) and {@code {archive}} (its web page).
   */
  String substitute(String footer, Group group) {
    if (footer.indexOf('{') < 0) {
      return footer;
    }
    return footer
        .replace("{title}", group.title())
        .replace("{address}", addresses.post(group.name()))
        .replace("{archive}", baseUrl.get() + Links.group(group.name().value()));
  }

  /**
   * Decorates {@code raw} for {@code group}. A copy must carry From, Date and Message-ID (RFC 5322
   * §3.6; large mailbox providers refuse mail without them); those the raw message lacks are added
   * from {@code origin}, what the archive recorded: its author, its arrival and the Message-ID it
   * was given.
   *
   * @throws IOException when the message cannot be parsed at all
   */
  public CopyTemplate decorate(Group group, byte[] raw, Origin origin) throws IOException {
    Message flat = parse(raw, true);
    byte[] body = rawBody(flat);
    String footer = substitute(group.footer() == null ? "" : group.footer().strip(), group);
    Content content =
        footer.isEmpty() ? Content.unchanged(body) : withFooter(raw, flat, body, footer);
    String name = group.name().value();
    String groupAddress = addresses.post(group.name());
    boolean replyToGroup = group.repliesToGroup();

    ByteArrayOutputStream head = new ByteArrayOutputStream(Math.min(raw.length, 16_384) + 1024);
    boolean subjectSeen = false;
    boolean mimeVersionSeen = false;
    boolean fromSeen = false;
    boolean dateSeen = false;
    boolean messageIdSeen = false;
    for (Field f : flat.getHeader().getFields()) {
      String field = f.getNameLowerCase();
      if (field.startsWith("list-") || LIST_OWNED.contains(field)) {
        continue;
      }
      if (replyToGroup && field.equals("reply-to")) {
        continue;
      }
      if (content.replaces(field)) {
        continue;
      }
      if (field.equals("subject") && !subjectSeen) {
        subjectSeen = true;
        line(head, "Subject: " + subject(f, group.subjectPrefix()));
        continue;
      }
      mimeVersionSeen |= field.equals("mime-version");
      fromSeen |= field.equals("from");
      dateSeen |= field.equals("date");
      messageIdSeen |= field.equals("message-id");
      writeRaw(head, f);
    }
    if (!fromSeen && !origin.fromAddress().isBlank()) {
      line(head, MimeUtil.fold("From: " + origin.from(), 0));
    }
    if (!dateSeen) {
      line(head, "Date: " + DateField.value(origin.date()));
    }
    if (!messageIdSeen) {
      line(head, "Message-ID: " + origin.messageId().bracketed());
    }
    if (!subjectSeen && group.subjectPrefix() != null && !group.subjectPrefix().isBlank()) {
      line(head, "Subject: " + encodePrefix(group.subjectPrefix().strip()));
    }
    if (!content.headers().isEmpty() && !mimeVersionSeen) {
      line(head, "MIME-Version: 1.0");
    }
    for (String h : content.headers()) {
      line(head, h);
    }
    String title = group.title() == null || group.title().isBlank() ? name : group.title().strip();
    line(
        head,
        MimeUtil.fold(
            "List-Id: "
                + EncoderUtil.encodeAddressDisplayName(title)
                + " <"
                + addresses.listId(group.name())
                + ">",
            0));
    line(head, "List-Post: <mailto:" + groupAddress + ">");
    String baseUrl = this.baseUrl.get();
    line(head, "List-Archive: <" + baseUrl + Links.group(name) + ">");
    // RFC 2369 §3.1 allows any URL; the group's page says what it is and how to join and leave
    line(head, "List-Help: <" + baseUrl + Links.group(name) + ">");
    // the group's page, where a visitor signs in and joins (RFC 2369 §3.3)
    line(head, "List-Subscribe: <" + baseUrl + Links.group(name) + ">");
    line(head, "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    // the people who run the group (RFC 2369 §3.6), reached through OwnerMail
    line(head, "List-Owner: <mailto:" + addresses.owner(group.name()) + ">");
    line(head, "Precedence: list");
    if (replyToGroup) {
      line(head, "Reply-To: <" + groupAddress + ">");
    }
    ByteArrayOutputStream tail = new ByteArrayOutputStream(content.body().length + 2);
    tail.write(CRLF);
    tail.write(content.body());
    return new CopyTemplate(
        head.toByteArray(), tail.toByteArray(), baseUrl, addresses, group.name());
  }

  /**
   * What the archive recorded of a post, for the fields its raw message lacks.
   *
   * @param fromAddress the author's address, blank when there was none (the field is then left out)
   * @param fromName the author's name, blank when there was none
   * @param date when the post arrived
   */
  public record Origin(String fromAddress, String fromName, Instant date, MessageId messageId) {
    public Origin {
      fromAddress = fromAddress == null ? "" : fromAddress;
      fromName = fromName == null ? "" : fromName;
    }

    public static Origin of(Post post) {
      return new Origin(post.fromAddress(), post.fromName(), post.receivedAt(), post.messageId());
    }

    String from() {
      return fromName.isBlank()
          ? "<" + fromAddress + ">"
          : EncoderUtil.encodeAddressDisplayName(fromName) + " <" + fromAddress + ">";
    }
  }

  /** The new body and the content fields that go with it. */
  private record Content(List<String> headers, byte[] body, boolean allContentFields) {
    static Content unchanged(byte[] body) {
      return new Content(List.of(), body, false);
    }

    /** Whether the original field of this (lower-case) name gives way to ours. */
    boolean replaces(String field) {
      if (headers.isEmpty()) {
        return false;
      }
      if (allContentFields) {
        return field.startsWith("content-");
      }
      return field.equals("content-type") || field.equals("content-transfer-encoding");
    }
  }

  private Content withFooter(byte[] raw, Message flat, byte[] body, String footer)
      throws IOException {
    String type = flat.getMimeType().toLowerCase(Locale.ROOT);
    if (type.equals("text/plain") || type.equals("text/html")) {
      Optional<String> text =
          TextDecoder.exactly(
              transferDecode(body, flat.getContentTransferEncoding()), flat.getCharset());
      if (text.isPresent()) {
        String decorated =
            type.equals("text/plain")
                ? appendText(text.get(), footer)
                : appendHtml(text.get(), footer);
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
        return new Content(
            List.of(
                "Content-Type: " + Fields.contentType(type, params).getBody(),
                "Content-Transfer-Encoding: quoted-printable"),
            quotedPrintable(decorated),
            false);
      }
    } else if (type.equals("multipart/alternative")) {
      Optional<byte[]> alternatives = alternativesWithFooter(raw, footer);
      if (alternatives.isPresent()) {
        return new Content(List.of(), alternatives.get(), false);
      }
    }
    return wrapped(flat, body, footer);
  }

  /**
   * Appends the footer to the text/plain and text/html alternatives; empty when none could take it
   * (then the message is wrapped instead).
   */
  private Optional<byte[]> alternativesWithFooter(byte[] raw, String footer) throws IOException {
    Message full;
    try {
      full = parse(raw, false);
    } catch (RuntimeException e) {
      // mime4j cannot read every broken structure in full: a part whose header section runs
      // straight into its own multipart body fails in its buffer ("unread only works when…").
      // The flat parse read the message, so it is wrapped, unchanged, with the footer beside it.
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
      String decorated =
          type.equals("text/plain")
              ? appendText(decoded.get(), footer)
              : appendHtml(decoded.get(), footer);
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
   * content fields; the footer as the second part.
   */
  private Content wrapped(Message flat, byte[] body, String footer) throws IOException {
    String boundary = boundary(body);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + footer.length() + 512);
    line(out, "--" + boundary);
    for (Field f : flat.getHeader().getFields()) {
      if (f.getNameLowerCase().startsWith("content-")) {
        writeRaw(out, f);
      }
    }
    out.write(CRLF);
    out.write(body);
    out.write(CRLF);
    line(out, "--" + boundary);
    line(out, "Content-Type: text/plain; charset=utf-8");
    line(out, "Content-Transfer-Encoding: quoted-printable");
    line(out, "Content-Disposition: inline");
    out.write(CRLF);
    out.write(quotedPrintable(FOOTER_RULE + "\n" + footer + "\n"));
    out.write(CRLF);
    line(out, "--" + boundary + "--");
    return new Content(
        List.of("Content-Type: multipart/mixed; boundary=\"" + boundary + "\""),
        out.toByteArray(),
        true);
  }

  private String subject(Field subject, String prefix) {
    // From the raw bytes, so 8-bit (RFC 6532) subjects and encoded words pass through unchanged.
    ByteSequence raw = subject.getRaw();
    String line =
        raw != null
            ? new String(raw.toByteArray(), StandardCharsets.ISO_8859_1)
            : "Subject: " + subject.getBody();
    String value = MimeUtil.unfold(line.substring(line.indexOf(':') + 1)).strip();
    if (prefix == null || prefix.isBlank()) {
      return MimeUtil.fold(value, "Subject: ".length());
    }
    String p = prefix.strip();
    String decoded = DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    if (decoded.toLowerCase(Locale.ROOT).contains(p.toLowerCase(Locale.ROOT))) {
      return MimeUtil.fold(value, "Subject: ".length());
    }
    String joined = value.isEmpty() ? encodePrefix(p) : encodePrefix(p) + " " + value;
    return MimeUtil.fold(joined, "Subject: ".length());
  }

  private static String encodePrefix(String prefix) {
    return EncoderUtil.encodeIfNecessary(
        prefix, EncoderUtil.Usage.TEXT_TOKEN, "Subject: ".length());
  }

  private static String appendText(String text, String footer) {
    StringBuilder sb = new StringBuilder(text.length() + footer.length() + 64).append(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      sb.append('\n');
    }
    return sb.append(FOOTER_RULE).append('\n').append(footer).append('\n').toString();
  }

  private static String appendHtml(String html, String footer) {
    StringBuilder div = new StringBuilder("<div class=\"parley-footer\"><hr>");
    String[] lines = footer.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        div.append("<br>");
      }
      div.append(Html.escape(lines[i]));
    }
    div.append("</div>\n");
    String lower = html.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf("</body>");
    if (at < 0) {
      at = lower.lastIndexOf("</html>");
    }
    if (at < 0) {
      return html + (html.endsWith("\n") || html.isEmpty() ? "" : "\n") + div;
    }
    return html.substring(0, at) + div + html.substring(at);
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
  private static String boundary(byte[] body) {
    while (true) {
      byte[] random = new byte[12];
      ThreadLocalRandom.current().nextBytes(random);
      String b = "=_parley_" + HexFormat.of().formatHex(random);
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

  /**
   * Parses with mime4j, reading the header section as the archive did ({@link HeaderSection}),
   * without limits (the message was accepted at the door already). {@code flat} leaves the body as
   * one undecoded block, exactly as received.
   */
  private static Message parse(byte[] raw, boolean flat) throws IOException {
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

  private static void writeRaw(ByteArrayOutputStream out, Field f) {
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
  private static void line(ByteArrayOutputStream out, String line) {
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    out.write(b, 0, b.length);
    out.write(CRLF, 0, 2);
  }
}
