package org.parley.bounce;

import java.util.Optional;

/**
 * qmail's bounce (qmail-send's "failure notice"): "Hi. This is the qmail-send program at …", then
 * one {@link AngleBlocks block} per address that failed, such as {@code <bob@example.org>:} and
 * "Sorry, no mailbox here by that name. (#5.1.1)" or the remote host's reply after "Remote host
 * said:". qmail sends it only once it has given up, so a failure that says nothing more is hard.
 */
final class QmailRule implements BounceRule {
  @Override
  public String id() {
    return "qmail";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    if (!mail.text().contains("This is the qmail-send program")) {
      return Optional.empty();
    }
    return Optional.of(
        TextBounces.reading(
            id(),
            AngleBlocks.read(mail.text(), "This is the qmail-send program"),
            Failure.Kind.HARD));
  }
}
