package org.parley.mailcommand;

import org.parley.group.Confirmations.Confirmation;
import org.parley.group.Group;

/**
 * What a confirmation token stands for, carried out when its reply comes back to {@code
 * <group>-confirm+<token>@} ({@link MailCommands}): joining or leaving confirmed, a held post
 * approved, a request to join decided. Each implementation owns one action word, the one its tokens
 * were issued with ({@link org.parley.group.Confirmations#issue}).
 */
public interface ConfirmedAction {
  /** The action word of the tokens this carries out. */
  String action();

  /**
   * Whether the reply says something this action can carry out (its first line's word, such as
   * "approve" or "reject"). A reply it does not understand is refused before the token is used, so
   * the one it was sent to can reply again.
   */
  default boolean understands(CommandReply reply) {
    return true;
  }

  /**
   * What to write in a reply, in one sentence, for an answer to one this action did not understand.
   */
  default String howToReply() {
    return "";
  }

  /**
   * Carries out the action. The token has been used by now (it acts once), and the reply came from
   * the address it was sent to.
   *
   * @param group the group the token belongs to, as stored now
   * @param confirmation the token's content: its subject says what the action is about
   * @param reply the reply, whose first line may say how (such as "reject" and a reason)
   * @return what was done, in one sentence for the SMTP answer and the log
   */
  Outcome confirmed(Group group, Confirmation confirmation, CommandReply reply);
}
