package org.parley.bounce;

import java.util.Optional;

/**
 * Yahoo's bounce ("Failure Notice", from its qmail lineage): "Sorry, we were unable to deliver your
 * message to the following address.", then one {@link AngleBlocks block} per address, such as
 * {@code <bob@example.org>:} and "Remote host said: 554 delivery error: dd This user doesn't have a
 * yahoo.com account".
 */
final class YahooRule implements BounceRule {
  private static final String SIGN = "Sorry, we were unable to deliver your message";

  @Override
  public String id() {
    return "yahoo";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    if (!mail.text().contains(SIGN)) {
      return Optional.empty();
    }
    return Optional.of(
        TextBounces.reading(id(), AngleBlocks.read(mail.text(), SIGN), Failure.Kind.HARD));
  }
}
