package org.parley.mime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.parley.crypto.Tokens;

/**
 * Reads one raw message (RFC 5322, MIME RFC 2045–2049) into a {@link ParsedMessage}: the first step
 * of every post's path. Real mail is often broken, so everything is read leniently and what was
 * wrong is recorded in {@link ParsedMessage#defects()}; only a message beyond the {@link Limits} is
 * refused, with a {@link MalformedMessageException} whose message says why.
 *
 * <p>A message without a readable Message-ID (RFC 5322 §3.6.4) gets one made from the SHA-256 of
 * its bytes, so the same bytes delivered twice get the same id and are stored once. Thread-safe:
 * one parser may serve every thread.
 */
public final class MessageParser {

  private final Limits limits;

  /** Creates a parser that holds messages to {@code limits}. */
  public MessageParser(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Parses {@code raw}, the message as received.
   *
   * @throws MalformedMessageException when the message is beyond one of the limits
   */
  public ParsedMessage parse(byte[] raw) throws MalformedMessageException {
    Objects.requireNonNull(raw, "raw");
    if (raw.length > limits.maxBytes()) {
      throw new MalformedMessageException(
          "the message is "
              + Sizes.of(raw.length)
              + ", more than the limit of "
              + Sizes.of(limits.maxBytes()));
    }
    Defects defects = new Defects();
    TextDecoder decoder = new TextDecoder(defects);
    EncodedWords words = new EncodedWords(decoder);
    MimePart root = new MimeTreeReader(limits, defects, decoder).read(raw);

    List<Header> headers = new ArrayList<>(root.fields.size());
    for (MimePart.Field field : root.fields) {
      headers.add(
          new Header(field.name(), words.decode(field.value(), "the " + field.name() + " header")));
    }
    MessageIdReader ids = new MessageIdReader(defects);
    AddressListReader addresses = new AddressListReader(words, defects);

    String messageId = first(ids, root, "Message-ID");
    boolean generated = messageId == null;
    if (generated) {
      defects.add(
          root.field("Message-ID") == null
              ? "the message has no Message-ID; one was made from its content"
              : "the Message-ID cannot be read; one was made from the message's content");
      messageId = generatedId(raw);
    }
    List<String> references = new ArrayList<>();
    for (MimePart.Field field : root.fields) {
      if (field.name().equalsIgnoreCase("References")) {
        references.addAll(ids.read(field.value(), "the References header"));
      }
    }
    String inReplyTo = first(ids, root, "In-Reply-To");

    String subjectRaw = root.field("Subject");
    String subject = subjectRaw == null ? "" : words.decode(subjectRaw, "the Subject header");
    List<Mailbox> from = mailboxes(addresses, root, "From");
    Instant date = null;
    String dateText = root.field("Date");
    if (dateText == null) {
      defects.add("the message has no Date header");
    } else {
      date = DateReader.read(dateText);
      if (date == null) {
        defects.add("the Date header cannot be read: " + shorten(dateText));
      }
    }

    BodySelector.Body body = new BodySelector(decoder, defects).select(root);
    // kept as the message carries it: a page sanitises it when it shows it (PageHtml), so a
    // sanitiser fix reaches every post already in the archive
    String html = body.hasHtml() ? body.html() : null;
    String text = body.text();
    if (text.isBlank() && body.hasHtml()) {
      text = HtmlText.of(body.html());
    }
    return new ParsedMessage(
        messageId,
        generated,
        references,
        inReplyTo,
        subject,
        from.isEmpty() ? null : from.getFirst(),
        mailboxes(addresses, root, "To"),
        mailboxes(addresses, root, "Cc"),
        mailboxes(addresses, root, "Reply-To"),
        date,
        text,
        html,
        body.attachments(),
        headers,
        defects.list());
  }

  private static String first(MessageIdReader ids, MimePart root, String name) {
    String value = root.field(name);
    if (value == null) {
      return null;
    }
    List<String> found = ids.read(value, "the " + name + " header");
    return found.isEmpty() ? null : found.getFirst();
  }

  /** The mailboxes of every field of that name, in order (some senders repeat To or Cc). */
  private static List<Mailbox> mailboxes(AddressListReader reader, MimePart root, String name) {
    List<Mailbox> out = new ArrayList<>();
    for (MimePart.Field field : root.fields) {
      if (field.name().equalsIgnoreCase(name)) {
        out.addAll(reader.read(field.value(), "the " + name + " header"));
      }
    }
    return out;
  }

  /** A stable id for a message without one: {@code <32 hex digits of SHA-256>@parley.generated}. */
  private static String generatedId(byte[] raw) {
    return HexFormat.of().formatHex(Tokens.sha256(raw), 0, 16) + "@parley.generated";
  }

  private static String shorten(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
