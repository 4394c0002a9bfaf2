package org.parley.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * What a delivery status notification says (RFC 3464): a {@code multipart/report} (RFC 6522) whose
 * {@code message/delivery-status} part holds one block of per-message fields and, after each empty
 * line, one block per recipient (§2.1). Each block is a header section, read by mime4j.
 *
 * @param reportingMta the {@code Reporting-MTA} (§2.2.2), empty when missing
 * @param recipients one entry per recipient block
 */
public record DeliveryStatus(String reportingMta, List<Recipient> recipients) {

  /**
   * One recipient's fields (§2.3), with their type prefix ({@code rfc822;}, {@code smtp;}) removed
   * from the addresses and kept on the diagnostic; empty strings for fields the report lacks.
   *
   * @param action {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or {@code
   *     expanded}, in lower case
   * @param status the RFC 3463 status code, such as {@code 5.1.1}
   */
  public record Recipient(
      String finalRecipient,
      String originalRecipient,
      String action,
      String status,
      String diagnosticCode,
      String remoteMta) {}

  /** A report that cannot be read as RFC 3464 asks: what is wrong with it. */
  public static final class Malformed extends Exception {
    Malformed(String reason) {
      super(reason);
    }

    Malformed(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /**
   * Reads the delivery status of a report.
   *
   * @throws Malformed when it has no {@code message/delivery-status} part (RFC 6533's {@code
   *     message/global-delivery-status} too) or that part names no recipient
   */
  public static DeliveryStatus parse(byte[] raw) throws Malformed {
    Message message;
    try {
      DefaultMessageBuilder builder = new DefaultMessageBuilder();
      builder.setMimeEntityConfig(HeaderSection.config());
      builder.setDecodeMonitor(DecodeMonitor.SILENT);
      message = builder.parseMessage(HeaderSection.open(raw).in());
    } catch (IOException | RuntimeException e) {
      throw new Malformed("it cannot be read as a MIME message (" + e.getMessage() + ")", e);
    }
    Entity part =
        statusPart(message)
            .orElseThrow(
                () ->
                    new Malformed(
                        "it has no message/delivery-status part (a "
                            + message.getMimeType()
                            + ", not an RFC 3464 report)"));
    byte[] status;
    try (InputStream in = ((SingleBody) part.getBody()).getInputStream()) {
      status = in.readAllBytes();
    } catch (IOException | ClassCastException e) {
      throw new Malformed("its delivery-status part cannot be read", e);
    }
    List<Header> blocks = blocks(status);
    if (blocks.size() < 2) {
      throw new Malformed("its delivery-status part names no recipient");
    }
    List<Recipient> recipients = new ArrayList<>();
    for (Header block : blocks.subList(1, blocks.size())) {
      recipients.add(
          new Recipient(
              typed(value(block, "Final-Recipient")),
              typed(value(block, "Original-Recipient")),
              value(block, "Action").toLowerCase(Locale.ROOT),
              value(block, "Status"),
              value(block, "Diagnostic-Code"),
              typed(value(block, "Remote-MTA"))));
    }
    return new DeliveryStatus(
        typed(value(blocks.get(0), "Reporting-MTA")), List.copyOf(recipients));
  }

  private static Optional<Entity> statusPart(Entity entity) {
    String type = entity.getMimeType().toLowerCase(Locale.ROOT);
    if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
      return entity.getBody() instanceof SingleBody ? Optional.of(entity) : Optional.empty();
    }
    if (entity.getBody() instanceof Multipart multipart) {
      for (Entity child : multipart.getBodyParts()) {
        Optional<Entity> found = statusPart(child);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The blocks of a delivery-status body, each read by mime4j as a header section: they are
   * separated by empty lines (§2.1), which is what ends a header section.
   */
  private static List<Header> blocks(byte[] body) throws Malformed {
    String text = new String(body, StandardCharsets.UTF_8).replace("\r\n", "\n");
    List<Header> blocks = new ArrayList<>();
    for (String block : text.split("\n[ \t]*\n")) {
      if (block.isBlank()) {
        continue;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(block.length() + 4);
      out.writeBytes(block.strip().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      try {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        builder.setMimeEntityConfig(HeaderSection.config());
        blocks.add(builder.parseHeader(new ByteArrayInputStream(out.toByteArray())));
      } catch (IOException | RuntimeException e) {
        throw new Malformed("a block of its delivery-status part is not a header section", e);
      }
    }
    return blocks;
  }

  private static String value(Header block, String name) {
    Field f = block.getField(name);
    // unfolded, and the folding's indentation made one space: each value is read as one line
    return f == null || f.getBody() == null
        ? ""
        : MimeUtil.unfold(f.getBody()).replaceAll("\\s+", " ").strip();
  }

  /** {@code rfc822; bob@example.com} without its type: {@code bob@example.com} (§2.3.2). */
  private static String typed(String value) {
    int semi = value.indexOf(';');
    return semi < 0 ? value : value.substring(semi + 1).strip();
  }
}
