package org.parley.member;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.parley.account.AccountId;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;

/**
 * A group's members as those who run it see and change them ({@code /g/<group>/members}, {@code
 * parley member}): the list a page at a time, searched by name or address, with each member's
 * latest post; a role changed, a member removed, an address or domain banned with its members
 * removed, a member added directly. Each change is recorded in the group's {@link AuditLog} in the
 * transaction that makes it ({@code role}, {@code remove-member}, {@code ban}, {@code add-member}),
 * and none leaves a group without an owner.
 */
public final class Roster {
  /** The audit log's word for a member added without their consent (counted by the daily cap). */
  public static final String ADD_MEMBER = "add-member";

  /**
   * One row of the list.
   *
   * @param lastPost when the member last posted to the group, if ever
   */
  public record Row(Member member, Optional<Instant> lastPost) {}

  /** Why a change was refused, in a sentence the person who asked for it understands. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether the change would have left the group without an owner (else: not theirs to make). */
    private final boolean lastOwner;

    Refused(boolean lastOwner, String sentence) {
      super(sentence);
      this.lastOwner = lastOwner;
    }

    /** Whether the change would have left the group without an owner. */
    public boolean lastOwner() {
      return lastOwner;
    }
  }

  private static final String LAST_OWNER =
      "A group keeps at least one owner: make someone else an owner first.";

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuditLog audit;
  private final MemberStore members;
  private final Bans bans;

  public Roster(Jdbi jdbi, Clock clock, AuditLog audit, MemberStore members, Bans bans) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
    this.members = members;
    this.bans = bans;
  }

  /**
   * The members of group {@code groupId} whose name or address contains {@code query} (all for an
   * empty one, case ignored), by address, {@code limit} from {@code offset}.
   */
  public List<Row> list(long groupId, String query, int offset, int limit) {
    return jdbi.withHandle(
        h -> {
          Query q =
              h.createQuery(
                      "SELECT "
                          + MemberStore.COLUMNS
                          + ", (SELECT MAX(p.received_at) FROM posts p WHERE"
                          + " p.group_id = m.group_id AND p.account_id = m.account_id) AS"
                          + " last_post FROM members m JOIN accounts a ON a.id = m.account_id"
                          + " WHERE m.group_id = :g"
                          + matching(query)
                          + " ORDER BY a.email_key LIMIT :limit OFFSET :offset")
                  .bind("g", groupId)
                  .bind("limit", limit)
                  .bind("offset", offset);
          bindQuery(q, query);
          return q.map(
                  (rs, ctx) -> {
                    long last = rs.getLong("last_post");
                    Optional<Instant> lastPost =
                        rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last));
                    return new Row(MemberStore.map(rs, ctx), lastPost);
                  })
              .list();
        });
  }

  /** How many members {@link #list} would show over all its pages. */
  public int count(long groupId, String query) {
    return jdbi.withHandle(
        h -> {
          Query q =
              h.createQuery(
                      "SELECT COUNT(*) FROM members m JOIN accounts a ON a.id = m.account_id"
                          + " WHERE m.group_id = :g"
                          + matching(query))
                  .bind("g", groupId);
          bindQuery(q, query);
          return q.mapTo(Integer.class).one();
        });
  }

  private static String matching(String query) {
    return query == null || query.isBlank()
        ? ""
        : " AND (a.email_key LIKE :q ESCAPE '!' OR LOWER(a.display_name) LIKE :q ESCAPE '!')";
  }

  private static void bindQuery(Query q, String query) {
    if (query != null && !query.isBlank()) {
      String escaped =
          query
              .strip()
              .toLowerCase(Locale.ROOT)
              .replace("!", "!!")
              .replace("%", "!%")
              .replace("_", "!_");
      q.bind("q", "%" + escaped + "%");
    }
  }

  /**
   * Gives member {@code account} of group {@code groupId} the role {@code role}.
   *
   * @return false when they are not a member, or had that role already (nothing is logged)
   * @throws Refused when it would leave the group without an owner
   */
  public boolean setRole(long groupId, AccountId account, Role role, ChangedBy by) {
    return jdbi.inTransaction(
        h -> {
          Optional<Member> m = MemberStore.find(h, groupId, account);
          if (m.isEmpty() || m.get().role() == role) {
            return false;
          }
          if (m.get().role() == Role.OWNER && owners(h, groupId) <= 1) {
            throw new Refused(true, LAST_OWNER);
          }
          h.createUpdate("UPDATE members SET role = :r WHERE group_id = :g AND account_id = :a")
              .bind("r", role.word())
              .bind("g", groupId)
              .bind("a", account.value())
              .execute();
          audit.action(
              h,
              groupId,
              by,
              "role",
              m.get().email().value() + " as " + m.get().role().word(),
              role.word());
          return true;
        });
  }

  /**
   * Removes member {@code account} from group {@code groupId}.
   *
   * @param byOwner whether an owner (or a site admin) asks: only they may remove an owner
   * @return false when they were not a member
   * @throws Refused when a manager asks to remove an owner, or it would leave no owner
   */
  public boolean remove(long groupId, AccountId account, boolean byOwner, ChangedBy by) {
    return jdbi.inTransaction(
        h -> {
          Optional<Member> m = MemberStore.find(h, groupId, account);
          if (m.isEmpty()) {
            return false;
          }
          mayRemove(h, groupId, List.of(m.get()), byOwner);
          remove(h, m.get(), by, "removed");
          return true;
        });
  }

  /**
   * Bans {@code pattern} (an address or {@code @domain}, as {@link Bans#pattern} takes it) from
   * group {@code groupId} with {@code reason}, and removes every member it covers, in one
   * transaction.
   *
   * @param byOwner whether an owner (or a site admin) asks: only they may ban an owner's address
   * @return the members removed
   * @throws IllegalArgumentException when {@code pattern} is neither an address nor a domain
   * @throws Refused when a manager's ban covers an owner, or a ban covers every owner
   */
  public List<Member> ban(
      long groupId, String pattern, String reason, boolean byOwner, ChangedBy by) {
    String p = Bans.pattern(pattern);
    return jdbi.inTransaction(
        h -> {
          List<Member> covered =
              h.createQuery(
                      MemberStore.SELECT
                          + "WHERE m.group_id = :g AND "
                          + (p.startsWith("@")
                              ? "a.email_key LIKE :p ESCAPE '!'"
                              : "a.email_key = :p"))
                  .bind("g", groupId)
                  .bind("p", p.startsWith("@") ? "%" + p.replace("_", "!_") : p)
                  .map(MemberStore::map)
                  .list();
          mayRemove(h, groupId, covered, byOwner);
          bans.ban(h, groupId, p, reason, by);
          for (Member m : covered) {
            remove(h, m, by, "removed: banned");
          }
          return covered;
        });
  }

  private void mayRemove(Handle h, long groupId, List<Member> going, boolean byOwner) {
    long owners = going.stream().filter(m -> m.role() == Role.OWNER).count();
    if (owners > 0 && !byOwner) {
      throw new Refused(false, "Only an owner of the group can remove or ban an owner.");
    }
    if (owners > 0 && owners >= owners(h, groupId)) {
      throw new Refused(true, LAST_OWNER);
    }
  }

  private void remove(Handle h, Member m, ChangedBy by, String outcome) {
    h.createUpdate("DELETE FROM members WHERE group_id = :g AND account_id = :a")
        .bind("g", m.groupId())
        .bind("a", m.accountId().value())
        .execute();
    audit.action(h, m.groupId(), by, "remove-member", m.email().value(), outcome);
  }

  private static int owners(Handle h, long groupId) {
    return h.createQuery("SELECT COUNT(*) FROM members WHERE group_id = :g AND role = :r")
        .bind("g", groupId)
        .bind("r", Role.OWNER.word())
        .mapTo(Integer.class)
        .one();
  }

  /**
   * How many members of group {@code groupId} were added directly ({@link #addDirectly}) within the
   * last {@code window}, within the caller's transaction: what the daily cap counts.
   */
  public int directAddsWithin(Handle h, long groupId, Duration window) {
    return h.createQuery(
            "SELECT COUNT(*) FROM group_audit WHERE group_id = :g AND setting = :s AND at > :since")
        .bind("g", groupId)
        .bind("s", ADD_MEMBER)
        .bind("since", clock.millis() - window.toMillis())
        .mapTo(Integer.class)
        .one();
  }

  /**
   * Adds account {@code account} to group {@code groupId} as a member without asking them, within
   * the caller's transaction, and records it ({@value #ADD_MEMBER}) with {@code note}.
   *
   * @throws IllegalStateException when it is a member already
   * @throws Banned when a ban of the group covers its address
   */
  public Member addDirectly(Handle h, long groupId, AccountId account, String note, ChangedBy by) {
    Member m = members.add(h, groupId, account, Role.MEMBER, DeliveryMode.EACH);
    String n = note == null ? "" : note.strip();
    audit.action(h, groupId, by, ADD_MEMBER, m.email().value(), n.isEmpty() ? "added" : n);
    return m;
  }
}
