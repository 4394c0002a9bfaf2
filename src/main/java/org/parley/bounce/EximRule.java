package org.parley.bounce;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exim's bounce in its older form, without a {@code message/delivery-status} part: "This message
 * was created automatically by mail delivery software.", "The following address(es) failed:", then
 * each address indented by two spaces and what became of it indented further:
 *
 * <pre>
 *   bob@example.org
 *     SMTP error from remote mail server after RCPT TO:&lt;bob@example.org&gt;:
 *     host mx.example.org [192.0.2.10]: 550 5.1.1 User unknown
 * </pre>
 *
 * Its warning that a message "has not yet been delivered" is no failure.
 */
final class EximRule implements BounceRule {
  private static final String SIGN =
      "This message was created automatically by mail delivery software.";

  /** An address line: two spaces, the address, and possibly a colon and the reason. */
  private static final Pattern ADDRESS =
      Pattern.compile("^ {1,3}<?([^\\s<>@]+@[^\\s<>:]+?)>?(?::\\s*(.*))?$");

  @Override
  public String id() {
    return "exim";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    String text = mail.text();
    if (!text.contains(SIGN)) {
      return Optional.empty();
    }
    if (text.contains("has not yet been delivered")) {
      return Optional.of(new Reading.Other("an Exim warning that delivery is delayed"));
    }
    int failed = text.indexOf("failed:");
    if (failed < 0) {
      return Optional.of(TextBounces.nothingFailed(id()));
    }
    List<AngleBlocks.Block> blocks = new ArrayList<>();
    String address = null;
    StringBuilder sentence = new StringBuilder();
    for (String line : text.substring(failed + "failed:".length()).split("\n")) {
      Matcher m = ADDRESS.matcher(line);
      boolean further = line.startsWith("    ") && !line.isBlank();
      if (address != null && (!further || m.matches())) {
        blocks.add(new AngleBlocks.Block(address, FailureKinds.oneLine(sentence.toString())));
        address = null;
        sentence.setLength(0);
      }
      if (m.matches()) {
        address = m.group(1);
        sentence.append(m.group(2) == null ? "" : m.group(2));
      } else if (further && address != null) {
        sentence.append(' ').append(line.strip());
      } else if (!line.isBlank() && !line.startsWith(" ")) {
        break; // "------ This is a copy of the message", or prose after the list
      }
    }
    if (address != null) {
      blocks.add(new AngleBlocks.Block(address, FailureKinds.oneLine(sentence.toString())));
    }
    return Optional.of(TextBounces.reading(id(), blocks, Failure.Kind.HARD));
  }
}
