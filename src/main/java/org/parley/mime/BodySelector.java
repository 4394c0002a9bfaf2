package org.parley.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses a message's readable body and its attachments from its {@link MimePart} tree (RFC 2046
 * §5.1): in multipart/alternative (§5.1.4) the first alternative with plain text gives the text and
 * the last with HTML gives the HTML; in multipart/related (RFC 2387) the root part (the {@code
 * start} parameter, else the first) is the body and the rest are its resources; in every other
 * multipart (mixed, signed, report, digest, unknown) each inline text/plain or text/html part
 * without a file name joins the body, in order, so list footers are kept. Everything else, attached
 * messages included, is an {@link Attachment}.
 */
final class BodySelector {

  /** The body as found: plain text and raw (unsanitised) HTML, each possibly empty. */
  record Body(String text, String html, boolean hasHtml, List<Attachment> attachments) {}

  private final TextDecoder decoder;
  private final Defects defects;

  BodySelector(TextDecoder decoder, Defects defects) {
    this.decoder = decoder;
    this.defects = defects;
  }

  /** Splits the message rooted at {@code root} into body and attachments. */
  Body select(MimePart root) {
    Found found = new Found();
    walk(root, found);
    List<Attachment> attachments = new ArrayList<>();
    for (MimePart part : found.attachments) {
      attachments.add(attachment(part, attachments.size() + 1));
    }
    return new Body(found.text.toString(), found.html.toString(), found.hasHtml, attachments);
  }

  /** What one walk has found so far. */
  private static final class Found {
    final StringBuilder text = new StringBuilder();
    final StringBuilder html = new StringBuilder();
    boolean hasHtml;
    final List<MimePart> attachments = new ArrayList<>();

    void addAll(Found other) {
      attachments.addAll(other.attachments);
    }
  }

  private void walk(MimePart part, Found found) {
    if (part.isMultipart()) {
      switch (part.subtype()) {
        case "alternative" -> alternative(part, found);
        case "related" -> related(part, found);
        default -> part.children.forEach(child -> walk(child, found));
      }
      return;
    }
    boolean plain = part.mimeType.equals("text/plain");
    boolean html = part.mimeType.equals("text/html");
    if ((plain || html) && isInlineWithoutName(part)) {
      String text = decoder.decode(part.content, part.charset, "the " + part.mimeType + " part");
      text = text.replace("\r\n", "\n").replace('\r', '\n');
      if (plain) {
        if (!found.text.isEmpty() && found.text.charAt(found.text.length() - 1) != '\n') {
          found.text.append('\n');
        }
        found.text.append(text);
      } else {
        found.html.append(text);
        found.hasHtml = true;
      }
    } else {
      found.attachments.add(part);
    }
  }

  private void alternative(MimePart part, Found found) {
    Found textChoice = null;
    Found htmlChoice = null;
    for (MimePart child : part.children) {
      Found sub = new Found();
      walk(child, sub);
      if (textChoice == null && !sub.text.isEmpty()) {
        textChoice = sub;
      }
      if (sub.hasHtml) {
        htmlChoice = sub;
      }
      found.addAll(sub);
    }
    if (textChoice != null) {
      found.text.append(textChoice.text);
    }
    if (htmlChoice != null) {
      found.html.append(htmlChoice.html);
      found.hasHtml = true;
    }
  }

  private void related(MimePart part, Found found) {
    if (part.children.isEmpty()) {
      return;
    }
    MimePart root = part.children.getFirst();
    String start =
        new MessageIdReader(defects)
            .read(startOf(part), "the start parameter").stream().findFirst().orElse(null);
    if (start != null) {
      for (MimePart child : part.children) {
        if (start.equals(contentId(child))) {
          root = child;
        }
      }
    }
    walk(root, found);
    for (MimePart child : part.children) {
      if (child != root) {
        attachAll(child, found);
      }
    }
  }

  private void attachAll(MimePart part, Found found) {
    if (part.isMultipart()) {
      part.children.forEach(child -> attachAll(child, found));
    } else {
      found.attachments.add(part);
    }
  }

  private String startOf(MimePart part) {
    String type = part.field("Content-Type");
    if (type == null) {
      return "";
    }
    String start =
        MimeParameters.parse(type, decoder, defects, "the Content-Type header").get("start");
    return start == null ? "" : start.contains("<") ? start : "<" + start + ">";
  }

  private boolean isInlineWithoutName(MimePart part) {
    MimeParameters disposition = disposition(part);
    if (disposition != null
        && (disposition.value().equals("attachment") || disposition.get("filename") != null)) {
      return false;
    }
    MimeParameters type = contentType(part);
    return type == null || type.get("name") == null;
  }

  private Attachment attachment(MimePart part, int number) {
    MimeParameters disposition = disposition(part);
    MimeParameters type = contentType(part);
    String given = disposition == null ? null : disposition.get("filename");
    if ((given == null || given.isBlank()) && type != null) {
      given = type.get("name");
    }
    String cid = contentId(part);
    boolean inline = disposition != null ? disposition.value().equals("inline") : cid != null;
    String filename = FileNames.of(given, part.mimeType, number);
    return new Attachment(filename, part.mimeType, part.content, cid, inline);
  }

  private MimeParameters disposition(MimePart part) {
    String value = part.field("Content-Disposition");
    return value == null
        ? null
        : MimeParameters.parse(value, decoder, defects, "the Content-Disposition header");
  }

  private MimeParameters contentType(MimePart part) {
    String value = part.field("Content-Type");
    return value == null
        ? null
        : MimeParameters.parse(value, decoder, defects, "the Content-Type header");
  }

  private String contentId(MimePart part) {
    String value = part.field("Content-ID");
    if (value == null) {
      return null;
    }
    List<String> ids = new MessageIdReader(defects).read(value, "the Content-ID header");
    if (!ids.isEmpty()) {
      return ids.getFirst();
    }
    String bare = value.strip().replace("<", "").replace(">", "");
    return bare.isEmpty() ? null : bare;
  }
}
