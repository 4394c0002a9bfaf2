package org.parley.member;

/**
 * An address that a group's ban covers was to become a member: by joining, by being added or by an
 * invitation. Its message is a sentence the person can be shown, with the moderators' reason.
 */
public final class Banned extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Banned(String message) {
    super(message);
  }

  /** The refusal for {@code address}, covered by {@code ban}. */
  static Banned of(String address, Bans.Ban ban) {
    String who =
        ban.domain() ? "Addresses at " + ban.pattern().substring(1) + " are" : address + " is";
    String why = ban.reason().isBlank() ? "" : " (" + ban.reason() + ")";
    return new Banned(who + " banned from this group by its moderators" + why + ".");
  }
}
