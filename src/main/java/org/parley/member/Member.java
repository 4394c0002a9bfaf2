package org.parley.member;

import java.time.Instant;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;

/**
 * An account's membership of a group.
 *
 * @param role what the member may do: owner, manager or member
 * @param delivery how the member gets posts by mail
 * @param status active, or disabled (by bounces, a complaint or an owner)
 * @param disabledReason why the membership is disabled; null while it is active
 * @param selfCopy whether the member gets a copy of their own posts
 * @param token the member's secret for one-click unsubscribe links and VERP return paths
 */
public record Member(
    long groupId,
    AccountId accountId,
    EmailAddress email,
    String displayName,
    Role role,
    DeliveryMode delivery,
    MemberStatus status,
    DisabledReason disabledReason,
    boolean selfCopy,
    int bounceScore,
    String token,
    Instant joinedAt) {

  /** Whether the membership counts (not disabled). */
  public boolean active() {
    return status == MemberStatus.ACTIVE;
  }

  /** Whether the member moderates the group: an owner or a manager. */
  public boolean canModerate() {
    return role.canModerate();
  }
}
