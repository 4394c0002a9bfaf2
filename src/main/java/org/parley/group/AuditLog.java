package org.parley.group;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * A group's audit log (table {@code group_audit}): each change to a setting, who made it, when, and
 * the value before and after. {@link GroupStore#change} writes it in the transaction that changes
 * the group, so the log never misses a change that was stored, nor records one that was not; the
 * settings page shows it, newest first.
 *
 * <p>Besides settings, the log keeps what owners and managers do to the group's members and posts
 * ({@link #action}): a role changed, a member removed or added, an address banned, a post removed.
 * Such a row's {@code setting} is the action's word ({@code remove-post}, {@code ban}…), its before
 * and after say what it was done to and what became of it.
 */
public final class AuditLog {
  /**
   * One change as recorded.
   *
   * @param setting the setting's word ({@link GroupSetting#word}); kept as stored, so a setting an
   *     older version does not know still shows
   * @param before the value before, as {@link GroupSetting#valueIn} writes it
   * @param after the value after
   */
  public record Entry(
      long id, Instant at, ChangedBy by, String setting, String before, String after) {}

  private static final String INSERT =
      "INSERT INTO group_audit (group_id, at, account_id, cli_user, setting, old_value, new_value)"
          + " VALUES (:group, :at, :account, :cliUser, :setting, :before, :after)";

  private final Jdbi jdbi;
  private final Clock clock;

  AuditLog(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Records {@code changes} to group {@code groupId}, within the caller's transaction {@code h}.
   */
  void record(Handle h, long groupId, ChangedBy by, List<GroupSetting.Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    long now = clock.millis();
    PreparedBatch batch = h.prepareBatch(INSERT);
    for (GroupSetting.Change c : changes) {
      batch
          .bind("group", groupId)
          .bind("at", now)
          .bind("account", by.accountId())
          .bind("cliUser", by.cliUser())
          .bind("setting", c.setting().word())
          .bind("before", c.before())
          .bind("after", c.after())
          .add();
    }
    batch.execute();
  }

  /**
   * Records one action on group {@code groupId} by {@code by}, within the caller's transaction
   * {@code h}, so the action and its row are stored together or not at all.
   *
   * @param action a short word naming the action, such as {@code remove-post}, {@code ban} or
   *     {@code role}; kept as the row's setting
   * @param before what the action was done to, or the state before it (such as {@code
   *     member:ada@example.org})
   * @param after the state after it (such as {@code manager}, {@code removed})
   */
  public void action(
      Handle h, long groupId, ChangedBy by, String action, String before, String after) {
    h.createUpdate(INSERT)
        .bind("group", groupId)
        .bind("at", clock.millis())
        .bind("account", by.accountId())
        .bind("cliUser", by.cliUser())
        .bind("setting", action)
        .bind("before", before)
        .bind("after", after)
        .execute();
  }

  /**
   * Records one action as {@link #action(Handle, long, ChangedBy, String, String, String)} does, in
   * a transaction of its own.
   */
  public void action(long groupId, ChangedBy by, String action, String before, String after) {
    jdbi.useTransaction(h -> action(h, groupId, by, action, before, after));
  }

  /** The latest {@code limit} changes to group {@code groupId}, newest first. */
  public List<Entry> latest(long groupId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, at, account_id, cli_user, setting, old_value, new_value FROM"
                        + " group_audit WHERE group_id = :group ORDER BY id DESC LIMIT :limit")
                .bind("group", groupId)
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    return new Entry(
        rs.getLong("id"),
        Instant.ofEpochMilli(rs.getLong("at")),
        ChangedBy.read(rs),
        rs.getString("setting"),
        rs.getString("old_value"),
        rs.getString("new_value"));
  }
}
