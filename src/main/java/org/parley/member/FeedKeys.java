package org.parley.member;

import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.AccountId;
import org.parley.crypto.Hmac;
import org.parley.db.SiteKeys;

/**
 * The keys of a member's personal feed addresses ({@code /g/<group>/feed.atom?key=<key>}): a feed
 * reader keeps no session, so a group that visitors may not read gives each member feed addresses
 * of their own. A key is the member's account id and an HMAC-SHA256 (RFC 2104) of the group and the
 * membership's token under a site key kept in {@code site_keys} (row {@code feed-key}), as {@link
 * SettingsLinks} signs its links: only the site can make one, and the token itself, which opens the
 * one-click unsubscribe page, never appears in it.
 *
 * <p>A key has no expiry, yet it works only while its membership does: removing the member deletes
 * the token, joining again makes a new one (so an old key stays dead), and a disabled membership is
 * refused by {@link #member}.
 */
public final class FeedKeys {
  private static final Pattern SHAPE = Pattern.compile("([0-9]{1,18})\\.([A-Za-z0-9_-]{43})");

  private final Jdbi jdbi;
  private final MemberStore members;
  private final Clock clock;
  private byte[] secret;

  public FeedKeys(Jdbi jdbi, MemberStore members, Clock clock) {
    this.jdbi = jdbi;
    this.members = members;
    this.clock = clock;
  }

  /** The key of {@code member}'s feed addresses of its group. */
  public String key(Member member) {
    return member.accountId().value() + "." + mac(member.groupId(), member.token());
  }

  /**
   * The active membership of group {@code groupId} that {@code key} names; empty for a key the site
   * did not make for this group, and for one whose membership has ended or is disabled.
   */
  public Optional<Member> member(long groupId, String key) {
    if (key == null) {
      return Optional.empty();
    }
    var m = SHAPE.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    return members
        .find(groupId, new AccountId(Long.parseLong(m.group(1))))
        .filter(Member::active)
        .filter(member -> Hmac.same(mac(groupId, member.token()), m.group(2)));
  }

  private String mac(long groupId, String token) {
    return Hmac.sign(secret(), "feed|" + groupId + "|" + token);
  }

  /**
   * The site's secret for these keys: 32 random bytes, made once by the first node that needs it
   * and kept in the store, so every node and every restart shares it.
   */
  private synchronized byte[] secret() {
    if (secret == null) {
      secret = SiteKeys.named(jdbi, clock, "feed-key");
    }
    return secret;
  }
}
