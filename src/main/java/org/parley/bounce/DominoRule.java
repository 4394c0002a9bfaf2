package org.parley.bounce;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lotus (HCL) Domino's bounce, its subject "DELIVERY FAILURE: …" (or its text naming Domino): "Your
 * message … was not delivered to:", the addresses, "because:", and the reason, such as "User bob
 * (bob@example.org) not listed in Domino Directory". The reason carries no status code; its words
 * class it.
 */
final class DominoRule implements BounceRule {
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>()\\[\\]:;\"']+@[\\w.-]+\\w");

  @Override
  public String id() {
    return "domino";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    String text = mail.text();
    String subject = mail.subject().toUpperCase(Locale.ROOT);
    boolean domino =
        subject.startsWith("DELIVERY FAILURE")
            || subject.startsWith("DELIVERY_FAILURE")
            || text.contains("Domino");
    if (!domino) {
      return Optional.empty();
    }
    int to = text.indexOf("was not delivered to:");
    int because = to < 0 ? -1 : text.indexOf("because:", to);
    if (because < 0) {
      return Optional.empty();
    }
    Set<String> recipients = new LinkedHashSet<>();
    Matcher m = ADDRESS.matcher(text.substring(to, because));
    while (m.find()) {
      recipients.add(m.group());
    }
    String reason = text.substring(because + "because:".length()).stripLeading();
    int end = reason.indexOf("\n\n");
    reason = FailureKinds.oneLine(end < 0 ? reason : reason.substring(0, end));
    List<Failure> failures = new ArrayList<>();
    for (String recipient : recipients) {
      failures.add(FailureKinds.failure(recipient, "", reason, Failure.Kind.HARD));
    }
    return Optional.of(
        failures.isEmpty() ? TextBounces.nothingFailed(id()) : new Reading.Bounced(failures, id()));
  }
}
