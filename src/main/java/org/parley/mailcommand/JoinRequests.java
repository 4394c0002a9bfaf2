package org.parley.mailcommand;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;

/**
 * Requests to join a group that asks ({@link org.parley.group.Joining#ASK}), waiting for one of its
 * owners or managers (table {@code join_requests}). An account has at most one waiting request per
 * group: asking again finds the first. A decided request is deleted; the group's audit log keeps
 * what was decided ({@link Admissions}).
 */
public final class JoinRequests {
  /**
   * A waiting request.
   *
   * @param name the asker's display name; may be empty
   * @param reason what the asker wrote; may be empty
   */
  public record Request(
      long id,
      long groupId,
      AccountId account,
      EmailAddress email,
      String name,
      String reason,
      Instant at) {
    /** The asker as a person reads them: their name and address, or the address alone. */
    public String who() {
      return name.isBlank() ? email.value() : name.strip() + " <" + email.value() + ">";
    }
  }

  private static final String SELECT =
      "SELECT r.id, r.group_id, r.account_id, a.email, a.display_name, r.reason, r.created_at"
          + " FROM join_requests r JOIN accounts a ON a.id = r.account_id ";

  private final Jdbi jdbi;
  private final Clock clock;

  public JoinRequests(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Stores a request of {@code account} to join group {@code groupId}, unless one waits already.
   *
   * @return the new request, or empty when one was waiting (it is left as it was)
   */
  public Optional<Request> ask(long groupId, AccountId account, String reason) {
    return jdbi.inTransaction(
        h -> {
          if (find(h, groupId, account).isPresent()) {
            return Optional.<Request>empty();
          }
          h.createUpdate(
                  "INSERT INTO join_requests (group_id, account_id, reason, created_at) VALUES"
                      + " (:group, :account, :reason, :now)")
              .bind("group", groupId)
              .bind("account", account.value())
              .bind("reason", reason == null ? "" : reason.strip())
              .bind("now", clock.millis())
              .execute();
          return find(h, groupId, account);
        });
  }

  /** The request of {@code account} that waits in group {@code groupId}, if any. */
  public Optional<Request> find(long groupId, AccountId account) {
    return jdbi.withHandle(h -> find(h, groupId, account));
  }

  private static Optional<Request> find(Handle h, long groupId, AccountId account) {
    return h.createQuery(SELECT + "WHERE r.group_id = :group AND r.account_id = :account")
        .bind("group", groupId)
        .bind("account", account.value())
        .map((rs, ctx) -> request(rs))
        .findOne();
  }

  /** Request {@code id} of group {@code groupId}, if it still waits. */
  public Optional<Request> find(long groupId, long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + "WHERE r.group_id = :group AND r.id = :id")
                .bind("group", groupId)
                .bind("id", id)
                .map((rs, ctx) -> request(rs))
                .findOne());
  }

  /** The requests that wait in group {@code groupId}, oldest first. */
  public List<Request> waiting(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + "WHERE r.group_id = :group ORDER BY r.created_at, r.id")
                .bind("group", groupId)
                .map((rs, ctx) -> request(rs))
                .list());
  }

  /** How many requests wait in group {@code groupId}. */
  public int count(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM join_requests WHERE group_id = :group")
                .bind("group", groupId)
                .mapTo(Integer.class)
                .one());
  }

  /**
   * Ends request {@code id} of group {@code groupId}, in the caller's transaction: it was decided.
   *
   * @return false when it no longer waited (another moderator decided it first)
   */
  boolean remove(Handle h, long groupId, long id) {
    return h.createUpdate("DELETE FROM join_requests WHERE group_id = :group AND id = :id")
            .bind("group", groupId)
            .bind("id", id)
            .execute()
        > 0;
  }

  private static Request request(ResultSet rs) throws SQLException {
    return new Request(
        rs.getLong("id"),
        rs.getLong("group_id"),
        new AccountId(rs.getLong("account_id")),
        EmailAddress.of(rs.getString("email")),
        rs.getString("display_name") == null ? "" : rs.getString("display_name"),
        rs.getString("reason"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
