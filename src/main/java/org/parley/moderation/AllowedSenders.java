package org.parley.moderation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.EmailAddress;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;

/**
 * The addresses a group's moderators chose to "always allow" (table {@code allowed_senders}): a
 * later post from one of them skips the group's moderation holds ({@code nonmember-post}, {@code
 * member-moderation}, {@code moderate-all}: see {@link Chain#released}), and never its refusals (a
 * ban, a loop, the size limit) nor the hold of a spam score. An address is kept in lower case, as
 * {@link EmailAddress#key} gives it. Each allowing and removal is recorded in the group's {@link
 * AuditLog}, in the same transaction.
 */
public final class AllowedSenders {
  /**
   * One allowed address.
   *
   * @param by who allowed it, as the audit log says
   */
  public record Allowed(long groupId, String address, Instant at, ChangedBy by) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuditLog audit;

  public AllowedSenders(Jdbi jdbi, Clock clock, AuditLog audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
  }

  /** Allows {@code address} in group {@code groupId}; allowing it again changes nothing. */
  public void allow(long groupId, EmailAddress address, ChangedBy by) {
    jdbi.useTransaction(h -> allow(h, groupId, address, by));
  }

  /** As {@link #allow(long, EmailAddress, ChangedBy)}, in the caller's transaction. */
  public void allow(Handle h, long groupId, EmailAddress address, ChangedBy by) {
    String key = address.key();
    boolean there =
        h.createQuery(
                    "SELECT COUNT(*) FROM allowed_senders WHERE group_id = :group AND address ="
                        + " :address")
                .bind("group", groupId)
                .bind("address", key)
                .mapTo(Long.class)
                .one()
            > 0;
    if (there) {
      return;
    }
    h.createUpdate(
            "INSERT INTO allowed_senders (group_id, address, at, account_id, cli_user) VALUES"
                + " (:group, :address, :at, :account, :cliUser)")
        .bind("group", groupId)
        .bind("address", key)
        .bind("at", clock.millis())
        .bind("account", by.accountId())
        .bind("cliUser", by.cliUser())
        .execute();
    audit.action(h, groupId, by, "allow-sender", key, "always allowed");
  }

  /** Stops allowing {@code address}; false when it was not allowed. */
  public boolean remove(long groupId, EmailAddress address, ChangedBy by) {
    String key = address.key();
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "DELETE FROM allowed_senders WHERE group_id = :group AND address = :address")
                  .bind("group", groupId)
                  .bind("address", key)
                  .execute();
          if (n > 0) {
            audit.action(h, groupId, by, "unallow-sender", key, "moderated as before");
          }
          return n > 0;
        });
  }

  /** Whether {@code address} is allowed in group {@code groupId}. */
  public boolean allowed(long groupId, EmailAddress address) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                        "SELECT COUNT(*) FROM allowed_senders WHERE group_id = :group AND address"
                            + " = :address")
                    .bind("group", groupId)
                    .bind("address", address.key())
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  /** The group's allowed addresses, in alphabetical order. */
  public List<Allowed> list(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT group_id, address, at, account_id, cli_user FROM allowed_senders"
                        + " WHERE group_id = :group ORDER BY address")
                .bind("group", groupId)
                .map((rs, ctx) -> allowed(rs))
                .list());
  }

  private static Allowed allowed(ResultSet rs) throws SQLException {
    return new Allowed(
        rs.getLong("group_id"),
        rs.getString("address"),
        Instant.ofEpochMilli(rs.getLong("at")),
        ChangedBy.read(rs));
  }
}
