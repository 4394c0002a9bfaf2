package org.parley.member;

import java.time.Instant;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;

/**
 * An account's membership of a group.
 *
 * @param role {@code owner}, {@code manager} or {@code member}
 * @param delivery {@code each} (every message), {@code digest}, {@code abridged} or {@code none}
 * @param status {@code active}, or {@code disabled} (by bounces or by an owner)
 * @param selfCopy whether the member gets a copy of their own posts
 * @param token the member's secret for one-click unsubscribe links and VERP return paths
 */
public record Member(
    long groupId,
    AccountId accountId,
    EmailAddress email,
    String displayName,
    String role,
    String delivery,
    String status,
    boolean selfCopy,
    int bounceScore,
    String token,
    Instant joinedAt) {

  public boolean active() {
    return "active".equals(status);
  }

  public boolean canModerate() {
    return "owner".equals(role) || "manager".equals(role);
  }
}
