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
 * Microsoft Exchange's and Outlook.com's non-delivery report as its text reads, for the forms that
 * come without a {@code message/delivery-status} part (Exchange's DSNs are read as RFC 3464): the
 * addresses under "Delivery has failed to these recipients or groups:" (Exchange 2003: "The
 * following recipient(s) cannot be reached:"), each followed by a sentence for people, and under
 * "Diagnostic information for administrators:" the server's reply, {@code Remote Server returned
 * '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'} or {@code #550 5.1.1 … ##}.
 */
final class ExchangeRule implements BounceRule {
  private static final List<String> SIGNS =
      List.of(
          "Delivery has failed to these recipients or groups:",
          "The following recipient(s) cannot be reached:");
  private static final String ADMIN = "Diagnostic information for administrators:";
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>()\\[\\]:;\"']+@[\\w.-]+\\w");
  private static final Pattern TECHNICAL =
      Pattern.compile("Remote Server returned '([^']*)'|#([45]\\d\\d [^#\\n]*)#");

  @Override
  public String id() {
    return "exchange";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    String text = mail.text();
    String sign = SIGNS.stream().filter(text::contains).findFirst().orElse(null);
    if (sign == null) {
      return Optional.empty();
    }
    int from = text.indexOf(sign) + sign.length();
    int admin = text.indexOf(ADMIN, from);
    int headers = text.indexOf("Original message headers", from);
    int end = admin >= 0 ? admin : headers >= 0 ? headers : text.length();
    List<String> lines = List.of(text.substring(from, end).split("\n"));
    Set<String> seen = new LinkedHashSet<>();
    List<Failure> failures = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher address = ADDRESS.matcher(lines.get(i));
      if (!address.find() || !seen.add(address.group().toLowerCase(Locale.ROOT))) {
        continue;
      }
      StringBuilder human = new StringBuilder();
      for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank(); j++) {
        human.append(' ').append(lines.get(j).strip());
      }
      String technical = admin < 0 ? "" : technical(text.substring(admin), address.group());
      failures.add(
          FailureKinds.failure(
              address.group(),
              FailureKinds.statusIn(human.toString()).orElse(""),
              technical.isEmpty() ? human.toString() : technical,
              Failure.Kind.HARD));
    }
    return Optional.of(
        failures.isEmpty() ? TextBounces.nothingFailed(id()) : new Reading.Bounced(failures, id()));
  }

  /** The server's reply about {@code address} in the section for administrators, or "". */
  private static String technical(String section, String address) {
    int at = section.indexOf(address);
    Matcher m = TECHNICAL.matcher(section);
    if (!m.find(Math.max(at, 0)) && !m.find(0)) {
      return "";
    }
    return (m.group(1) != null ? m.group(1) : m.group(2)).strip();
  }
}
