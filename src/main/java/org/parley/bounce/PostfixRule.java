package org.parley.bounce;

import java.util.Optional;

/**
 * Postfix's bounce as plain text, when it comes without its {@code message/delivery-status} part (a
 * bounce passed on by a forwarder, or Postfix's older non-MIME form): "This is the mail system at
 * host …" (older: "This is the Postfix program at host …"), then one {@link AngleBlocks block} per
 * address, such as {@code <bob@example.org>: host mx.example.org[192.0.2.25] said: 550 5.1.1 … (in
 * reply to RCPT TO command)}. Its delay warning ("THIS IS A WARNING ONLY") is no failure.
 */
final class PostfixRule implements BounceRule {
  @Override
  public String id() {
    return "postfix";
  }

  @Override
  public Optional<Reading> read(ReturnedMail mail) {
    String text = mail.text();
    String sign =
        text.contains("This is the mail system at host")
            ? "This is the mail system at host"
            : text.contains("This is the Postfix program at host")
                ? "This is the Postfix program at host"
                : null;
    if (sign == null) {
      return Optional.empty();
    }
    if (text.contains("THIS IS A WARNING ONLY")) {
      return Optional.of(new Reading.Other("a Postfix warning that delivery is delayed"));
    }
    return Optional.of(TextBounces.reading(id(), AngleBlocks.read(text, sign), Failure.Kind.HARD));
  }
}
