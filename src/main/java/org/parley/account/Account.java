package org.parley.account;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A person: one verified address, a display name and a time zone. An account without a password
 * exists for a member added by address who has not yet signed up on the web.
 */
public record Account(
    AccountId id,
    EmailAddress email,
    String displayName,
    String passwordHash,
    ZoneId timeZone,
    boolean siteAdmin,
    Instant createdAt) {

  /** The name to show: the display name, or the address's local part when none is set. */
  public String shownName() {
    return displayName == null || displayName.isBlank() ? email.localPart() : displayName;
  }

  public boolean canLogIn() {
    return passwordHash != null && !passwordHash.isEmpty();
  }
}
