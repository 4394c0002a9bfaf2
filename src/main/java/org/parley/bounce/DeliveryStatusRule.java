package org.parley.bounce;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.parley.mime.DeliveryStatus;

/**
 * A delivery status notification (RFC 3464), read through {@link DeliveryStatus}: every recipient
 * whose {@code Action} is {@code failed} (§2.3.3; a block without an Action but with a 5.x.x status
 * too) is a failure, named by its {@code Final-Recipient}, else its {@code Original-Recipient}
 * (§2.3.1, §2.3.2), with its {@code Status} (§2.3.4; taken from the {@code Diagnostic-Code} when
 * missing) and its {@code Diagnostic-Code} (§2.3.6) without the type. A report that names only
 * delayed, delivered, relayed or expanded recipients is {@link Reading.Other}: it is no failure,
 * and no later rule reads its prose.
 */
final class DeliveryStatusRule implements BounceRule {
  @Override
  public String id() {
    return "rfc3464";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    DeliveryStatus report;
    try {
      report = DeliveryStatus.parse(mail.raw());
    } catch (DeliveryStatus.Malformed e) {
      return Optional.empty();
    }
    List<Failure> failures = new ArrayList<>();
    Set<String> actions = new LinkedHashSet<>();
    for (DeliveryStatus.Recipient r : report.recipients()) {
      boolean failed =
          r.action().equals("failed")
              || (r.action().isEmpty()
                  && FailureKinds.statusIn(r.status()).orElse("").startsWith("5"));
      if (!failed) {
        actions.add(r.action().isEmpty() ? "no action" : r.action());
        continue;
      }
      failures.add(
          FailureKinds.failure(
              address(r.finalRecipient()).or(() -> address(r.originalRecipient())).orElse(""),
              r.status(),
              withoutType(r.diagnosticCode()),
              Failure.Kind.HARD));
    }
    if (failures.isEmpty()) {
      return Optional.of(
          new Reading.Other(
              "a delivery report with no failed recipient (" + String.join(", ", actions) + ")"));
    }
    return Optional.of(new Reading.Bounced(failures, id()));
  }

  /**
   * The address a recipient field names, without the angle brackets some servers put around it;
   * empty when it names none, such as a gateway's foreign address (§2.3.2's {@code unknown;} type)
   * without an {@code @}.
   */
  static Optional<String> address(String given) {
    String a = given.strip();
    if (a.startsWith("<") && a.endsWith(">")) {
      a = a.substring(1, a.length() - 1).strip();
    }
    return a.indexOf('@') > 0 && !a.contains(" ") ? Optional.of(a) : Optional.empty();
  }

  /** {@code smtp; 550 5.1.1 gone} without its diagnostic type (§2.3.6): {@code 550 5.1.1 gone}. */
  static String withoutType(String diagnostic) {
    int semi = diagnostic.indexOf(';');
    if (semi > 0 && diagnostic.substring(0, semi).strip().matches("[A-Za-z][\\w-]*")) {
      return diagnostic.substring(semi + 1).strip();
    }
    return diagnostic.strip();
  }
}
