package org.parley.member;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;
import org.parley.crypto.Tokens;

/** Memberships in the store. */
public final class MemberStore {
  /** The columns {@link #map} reads, of {@code members m JOIN accounts a}. */
  static final String COLUMNS =
      "m.group_id, m.account_id, a.email, a.display_name, m.role, m.delivery, m.status,"
          + " m.disabled_reason, m.self_copy, m.bounce_score, m.token, m.joined_at";

  static final String SELECT =
      "SELECT " + COLUMNS + " FROM members m JOIN accounts a ON a.id = m.account_id ";

  private final Jdbi jdbi;
  private final Clock clock;

  public MemberStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Adds an account to a group.
   *
   * @throws IllegalStateException when it is a member already
   * @throws Banned when a ban of the group covers the account's address ({@link Bans})
   */
  public Member add(long groupId, AccountId account, Role role, DeliveryMode delivery) {
    return jdbi.inTransaction(h -> add(h, groupId, account, role, delivery));
  }

  /** As {@link #add(long, AccountId, Role, DeliveryMode)}, within the caller's transaction. */
  public Member add(Handle h, long groupId, AccountId account, Role role, DeliveryMode delivery) {
    if (find(h, groupId, account).isPresent()) {
      throw new IllegalStateException("already a member");
    }
    String email =
        h.createQuery("SELECT email FROM accounts WHERE id = :a")
            .bind("a", account.value())
            .mapTo(String.class)
            .one();
    Optional<Bans.Ban> ban = Bans.banned(h, groupId, new EmailAddress(email));
    if (ban.isPresent()) {
      throw Banned.of(email, ban.get());
    }
    h.createUpdate(
            "INSERT INTO members (group_id, account_id, role, delivery, token, joined_at)"
                + " VALUES (:g, :a, :role, :delivery, :token, :now)")
        .bind("g", groupId)
        .bind("a", account.value())
        .bind("role", role.word())
        .bind("delivery", delivery.word())
        .bind("token", Tokens.hex(16))
        .bind("now", clock.millis())
        .execute();
    return find(h, groupId, account).orElseThrow();
  }

  /**
   * Removes a membership, with the member's choices about the group's topics ({@link
   * TopicChoices}); returns whether there was one.
   */
  public boolean remove(long groupId, AccountId account) {
    return jdbi.inTransaction(
            h -> {
              h.createUpdate("DELETE FROM member_topics WHERE group_id = :g AND account_id = :a")
                  .bind("g", groupId)
                  .bind("a", account.value())
                  .execute();
              return h.createUpdate("DELETE FROM members WHERE group_id = :g AND account_id = :a")
                  .bind("g", groupId)
                  .bind("a", account.value())
                  .execute();
            })
        > 0;
  }

  public Optional<Member> find(long groupId, AccountId account) {
    return jdbi.withHandle(h -> find(h, groupId, account));
  }

  static Optional<Member> find(Handle h, long groupId, AccountId account) {
    return h.createQuery(SELECT + "WHERE m.group_id = :g AND m.account_id = :a")
        .bind("g", groupId)
        .bind("a", account.value())
        .map(MemberStore::map)
        .findOne();
  }

  /** The membership of whoever holds {@code email}, if they are a member. */
  public Optional<Member> find(long groupId, EmailAddress email) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + "WHERE m.group_id = :g AND a.email_key = :key")
                .bind("g", groupId)
                .bind("key", email.key())
                .map(MemberStore::map)
                .findOne());
  }

  public Optional<Member> findByToken(String token) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + "WHERE m.token = :t")
                .bind("t", token)
                .map(MemberStore::map)
                .findOne());
  }

  /**
   * The group whose copies carried {@code token} in their unsubscribe links, when the copies were
   * recorded for delivery (the outbound table): a token no membership holds any more is then one
   * whose membership has ended, and a replayed unsubscribe (RFC 8058 clients retry) is answered
   * that it is done.
   */
  public Optional<Long> groupOfMailedToken(String token) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT group_id FROM outbound WHERE member_token = :t LIMIT 1")
                .bind("t", token)
                .mapTo(Long.class)
                .findOne());
  }

  /** Every membership of an account, in the order the groups were joined. */
  public List<Member> ofAccount(AccountId account) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + "WHERE m.account_id = :a ORDER BY m.joined_at, m.group_id")
                .bind("a", account.value())
                .map(MemberStore::map)
                .list());
  }

  /** Every member of a group, by address. */
  public List<Member> list(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + "WHERE m.group_id = :g ORDER BY a.email_key")
                .bind("g", groupId)
                .map(MemberStore::map)
                .list());
  }

  public void setSelfCopy(long groupId, AccountId account, boolean selfCopy) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE members SET self_copy = :s WHERE group_id = :g AND account_id = :a")
                .bind("s", selfCopy)
                .bind("g", groupId)
                .bind("a", account.value())
                .execute());
  }

  /** Sets how the member gets the group's posts by mail; returns whether there is such a member. */
  public boolean setDelivery(long groupId, AccountId account, DeliveryMode delivery) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE members SET delivery = :d WHERE group_id = :g AND account_id = :a")
                    .bind("d", delivery.word())
                    .bind("g", groupId)
                    .bind("a", account.value())
                    .execute())
        > 0;
  }

  /**
   * Turns the member's delivery off for {@code reason}, within the caller's transaction. An already
   * disabled membership keeps its first reason and time.
   *
   * @return whether the membership was active and is now disabled
   */
  public boolean disable(Handle h, long groupId, AccountId account, DisabledReason reason) {
    return h.createUpdate(
                "UPDATE members SET status = :disabled, disabled_reason = :reason,"
                    + " disabled_at = :now WHERE group_id = :g AND account_id = :a"
                    + " AND status = :active")
            .bind("disabled", MemberStatus.DISABLED.word())
            .bind("reason", reason.word())
            .bind("now", clock.millis())
            .bind("g", groupId)
            .bind("a", account.value())
            .bind("active", MemberStatus.ACTIVE.word())
            .execute()
        > 0;
  }

  /**
   * Turns the member's delivery back on, whatever turned it off, and forgets the bounces that led
   * there: score, last counted day, outstanding probe and the warnings sent.
   *
   * @return whether there is such a member
   */
  public boolean reenable(long groupId, AccountId account) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE members SET status = :active, disabled_reason = NULL,"
                            + " disabled_at = NULL, bounce_score = 0, bounce_last_day = NULL,"
                            + " probe_sent_at = NULL, warnings_sent = 0, last_warning_at = NULL"
                            + " WHERE group_id = :g AND account_id = :a")
                    .bind("active", MemberStatus.ACTIVE.word())
                    .bind("g", groupId)
                    .bind("a", account.value())
                    .execute())
        > 0;
  }

  static Member map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Member(
        rs.getLong("group_id"),
        new AccountId(rs.getLong("account_id")),
        new EmailAddress(rs.getString("email")),
        rs.getString("display_name"),
        Role.of(rs.getString("role")),
        DeliveryMode.of(rs.getString("delivery")),
        MemberStatus.of(rs.getString("status")),
        rs.getString("disabled_reason") == null
            ? null
            : DisabledReason.of(rs.getString("disabled_reason")),
        rs.getBoolean("self_copy"),
        rs.getInt("bounce_score"),
        rs.getString("token"),
        Instant.ofEpochMilli(rs.getLong("joined_at")));
  }
}
