package org.parley.member;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.EmailAddress;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;

/**
 * Addresses and whole domains banned from a group (table {@code group_bans}): mail from them is
 * refused at the door with the reason (the {@code banned} rule), and they cannot join, ask to join,
 * be invited or be added. A ban is a lower-case address ({@code ada@example.org}) or a domain with
 * its at sign ({@code @example.org}), which bans every address of that domain (not its subdomains).
 * Each ban and unban is recorded in the group's {@link AuditLog}, in the same transaction.
 */
public final class Bans {
  /**
   * One ban.
   *
   * @param pattern the address, or {@code @domain}
   * @param by who banned it, as the audit log says
   */
  public record Ban(long groupId, String pattern, String reason, Instant at, ChangedBy by) {
    /** Whether this bans a whole domain. */
    public boolean domain() {
      return pattern.startsWith("@");
    }
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuditLog audit;

  public Bans(Jdbi jdbi, Clock clock, AuditLog audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * A ban as typed: an address, or a domain written {@code @example.org} or {@code example.org}.
   *
   * @throws IllegalArgumentException for anything else, in a sentence a person understands
   */
  public static String pattern(String typed) {
    String s = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
    if (s.contains("@") && !s.startsWith("@")) {
      if (!EmailAddress.isValid(s)) {
        throw new IllegalArgumentException(typed.strip() + " is not an email address");
      }
      return EmailAddress.of(s).key();
    }
    String domain = s.startsWith("@") ? s.substring(1) : s;
    if (!domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
      throw new IllegalArgumentException(
          "a ban is an address (ada@example.org) or a domain (@example.org), not " + s);
    }
    return "@" + domain;
  }

  /**
   * Bans {@code pattern} ({@link #pattern}) from group {@code groupId}; banning it again changes
   * only the reason.
   */
  public void ban(long groupId, String pattern, String reason, ChangedBy by) {
    jdbi.useTransaction(h -> ban(h, groupId, pattern, reason, by));
  }

  /** As {@link #ban(long, String, String, ChangedBy)}, within the caller's transaction. */
  void ban(Handle h, long groupId, String pattern, String reason, ChangedBy by) {
    String p = pattern(pattern);
    String why = reason == null ? "" : reason.strip();
    h.createUpdate("DELETE FROM group_bans WHERE group_id = :group AND pattern = :pattern")
        .bind("group", groupId)
        .bind("pattern", p)
        .execute();
    h.createUpdate(
            "INSERT INTO group_bans (group_id, pattern, reason, at, account_id, cli_user)"
                + " VALUES (:group, :pattern, :reason, :at, :account, :cliUser)")
        .bind("group", groupId)
        .bind("pattern", p)
        .bind("reason", why)
        .bind("at", clock.millis())
        .bind("account", by.accountId())
        .bind("cliUser", by.cliUser())
        .execute();
    audit.action(h, groupId, by, "ban", p, why.isEmpty() ? "banned" : "banned: " + why);
  }

  /** Lifts the ban of {@code pattern}; false when there was none. */
  public boolean unban(long groupId, String pattern, ChangedBy by) {
    String p = pattern(pattern);
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "DELETE FROM group_bans WHERE group_id = :group AND pattern = :pattern")
                  .bind("group", groupId)
                  .bind("pattern", p)
                  .execute();
          if (n > 0) {
            audit.action(h, groupId, by, "unban", p, "allowed");
          }
          return n > 0;
        });
  }

  /** The group's bans, addresses and domains in alphabetical order. */
  public List<Ban> list(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT group_id, pattern, reason, at, account_id, cli_user FROM group_bans"
                        + " WHERE group_id = :group ORDER BY pattern")
                .bind("group", groupId)
                .map((rs, ctx) -> ban(rs))
                .list());
  }

  /** The ban that covers {@code address} in group {@code groupId}: its own, or its domain's. */
  public Optional<Ban> banned(long groupId, EmailAddress address) {
    return jdbi.withHandle(h -> banned(h, groupId, address));
  }

  /** As {@link #banned(long, EmailAddress)}, within the caller's handle {@code h}. */
  static Optional<Ban> banned(Handle h, long groupId, EmailAddress address) {
    String key = address.key();
    String domain = "@" + address.domain().toLowerCase(Locale.ROOT);
    return h.createQuery(
            "SELECT group_id, pattern, reason, at, account_id, cli_user FROM group_bans"
                + " WHERE group_id = :group AND pattern IN (:key, :domain)"
                + " ORDER BY pattern DESC")
        .bind("group", groupId)
        .bind("key", key)
        .bind("domain", domain)
        .map((rs, ctx) -> ban(rs))
        .findFirst();
  }

  private static Ban ban(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Ban(
        rs.getLong("group_id"),
        rs.getString("pattern"),
        rs.getString("reason"),
        Instant.ofEpochMilli(rs.getLong("at")),
        ChangedBy.read(rs));
  }
}
