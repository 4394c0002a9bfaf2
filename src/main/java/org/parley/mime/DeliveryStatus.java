package org.parley.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;

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
   * Reads the delivery status of a report. Of several {@code message/delivery-status} parts (some
   * gateways put their prose in one), the first that names a recipient is read.
   *
   * @throws Malformed when it has no {@code message/delivery-status} part (RFC 6533's {@code
   *     message/global-delivery-status} too) or no such part names a recipient
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
    List<Entity> parts = new ArrayList<>();
    statusParts(message, parts);
    if (parts.isEmpty()) {
      throw new Malformed(
          "it has no message/delivery-status part (a "
              + message.getMimeType()
              + ", not an RFC 3464 report)");
    }
    for (Entity part : parts) {
      byte[] status;
      try (InputStream in = ((SingleBody) part.getBody()).getInputStream()) {
        status = in.readAllBytes();
      } catch (IOException | ClassCastException e) {
        continue;
      }
      List<List<Header>> blocks = FieldBlocks.read(new String(status, StandardCharsets.UTF_8));
      List<Recipient> recipients = new ArrayList<>();
      for (List<Header> block : blocks) {
        if (names(block)) {
          recipients.add(
              new Recipient(
                  typed(value(block, "Final-Recipient")),
                  typed(value(block, "Original-Recipient")),
                  value(block, "Action").toLowerCase(Locale.ROOT),
                  value(block, "Status"),
                  value(block, "Diagnostic-Code"),
                  typed(value(block, "Remote-MTA"))));
        }
      }
      if (!recipients.isEmpty()) {
        String reportingMta = blocks.isEmpty() ? "" : typed(value(blocks.get(0), "Reporting-MTA"));
        return new DeliveryStatus(reportingMta, List.copyOf(recipients));
      }
    }
    throw new Malformed("its delivery-status part names no recipient");
  }

  /** Whether a block is a recipient's (§2.3): it names one, or says what became of one. */
  private static boolean names(List<Header> block) {
    return !value(block, "Final-Recipient").isEmpty()
        || !value(block, "Original-Recipient").isEmpty()
        || !value(block, "Action").isEmpty();
  }

  private static void statusParts(Entity entity, List<Entity> found) {
    String type = entity.getMimeType().toLowerCase(Locale.ROOT);
    if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
      if (entity.getBody() instanceof SingleBody) {
        found.add(entity);
      }
      return;
    }
    if (entity.getBody() instanceof Multipart multipart) {
      for (Entity child : multipart.getBodyParts()) {
        statusParts(child, found);
      }
    }
  }

  private static String value(List<Header> block, String name) {
    return FieldBlocks.value(block, name).orElse("");
  }

  /** {@code rfc822; bob@example.com} without its type: {@code bob@example.com} (§2.3.2). */
  private static String typed(String value) {
    int semi = value.indexOf(';');
    return semi < 0 ? value : value.substring(semi + 1).strip();
  }
}
