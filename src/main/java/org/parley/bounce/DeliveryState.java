package org.parley.bounce;

import org.parley.member.DisabledReason;
import org.parley.member.Member;

/**
 * A membership's delivery state in the words the members page and {@code parley member list} show:
 * {@code active}, {@code bouncing (score N)}, {@code disabled by bounces}, {@code disabled by a
 * complaint} or {@code disabled by an owner}.
 */
public final class DeliveryState {
  private DeliveryState() {}

  /** The state of {@code member}'s delivery. */
  public static String of(Member member) {
    if (!member.active()) {
      DisabledReason why =
          member.disabledReason() == null ? DisabledReason.OWNER : member.disabledReason();
      return switch (why) {
        case BOUNCES -> "disabled by bounces";
        case COMPLAINT -> "disabled by a complaint";
        case OWNER -> "disabled by an owner";
      };
    }
    if (member.bounceScore() > 0) {
      return "bouncing (score " + member.bounceScore() + ")";
    }
    return "active";
  }
}
