package org.parley.bounce;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gmail's bounce as its text reads, for the forms that come without a {@code
 * message/delivery-status} part: "Delivery Status Notification (Failure)", "** Address not found
 * **", "Your message wasn't delivered to bob@example.org because …", and "The response from the
 * remote server was:" followed by the reply; and the older "Delivery to the following recipient
 * failed permanently:" with "The error that the other server returned was:". A notice that delivery
 * is delayed is no failure.
 */
final class GmailRule implements BounceRule {
  private static final Pattern NOT_DELIVERED_TO =
      Pattern.compile("wasn't delivered to\\s+<?([^\\s<>@]+@[\\w.-]*\\w)");
  private static final Pattern FAILED_PERMANENTLY =
      Pattern.compile("failed permanently:\\s*\\n((?:[ \\t]*\\S+@\\S+[ \\t]*\\n)+)");
  private static final List<String> RESPONSE =
      List.of(
          "The response from the remote server was:",
          "The error that the other server returned was:",
          "The response was:");

  @Override
  public String id() {
    return "gmail";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    String text = mail.text() + "\n";
    String subject = mail.subject();
    boolean failure =
        subject.startsWith("Delivery Status Notification (Failure)")
            || text.contains("** Address not found **")
            || text.contains("** Message not delivered **")
            || text.contains("** Message blocked **")
            || text.contains("Delivery to the following recipient failed permanently");
    if (!failure) {
      if (subject.startsWith("Delivery Status Notification (Delay)")) {
        return Optional.of(new Reading.Other("a Gmail notice that delivery is delayed"));
      }
      return Optional.empty();
    }
    Set<String> recipients = new LinkedHashSet<>();
    Matcher to = NOT_DELIVERED_TO.matcher(text);
    while (to.find()) {
      recipients.add(to.group(1));
    }
    Matcher listed = FAILED_PERMANENTLY.matcher(text);
    if (listed.find()) {
      for (String line : listed.group(1).split("\n")) {
        if (!line.isBlank()) {
          recipients.add(line.strip());
        }
      }
    }
    String response = response(text);
    // a message Gmail blocked says nothing about the address: its heading is the only sign
    Failure.Kind whenUnsure =
        text.contains("** Message blocked **") ? Failure.Kind.POLICY : Failure.Kind.HARD;
    List<Failure> failures = new ArrayList<>();
    for (String recipient : recipients) {
      failures.add(FailureKinds.failure(recipient, "", response, whenUnsure));
    }
    return Optional.of(
        failures.isEmpty() ? TextBounces.nothingFailed(id()) : new Reading.Bounced(failures, id()));
  }

  /** The lines after "The response … was:" up to an empty line, as one line. */
  private static String response(String text) {
    for (String lead : RESPONSE) {
      int at = text.indexOf(lead);
      if (at >= 0) {
        String after = text.substring(at + lead.length()).stripLeading();
        int end = after.indexOf("\n\n");
        return FailureKinds.oneLine(end < 0 ? after : after.substring(0, end));
      }
    }
    return "";
  }
}
