package org.parley.mailcommand;

/**
 * What a message to one of a group's joining and leaving addresses asks for (see {@link
 * Subscriptions}).
 */
public enum Command {
  /** {@code <group>-join@}, {@code <group>-subscribe@}, {@code <group>+subscribe@}. */
  JOIN,
  /** {@code <group>-unsubscribe@}. */
  LEAVE,
  /**
   * {@code <group>-request@}: the Subject says which, as Mailman users write it ("subscribe" or
   * "join", "unsubscribe" or "leave").
   */
  BY_SUBJECT
}
