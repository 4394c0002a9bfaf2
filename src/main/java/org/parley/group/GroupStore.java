package org.parley.group;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Groups in the store: create, find, list, change policy. A change made by a person (on the web, or
 * with {@code parley group set}) goes through {@link #change}, which records it in the group's
 * {@link AuditLog}.
 */
public final class GroupStore {
  private static final String COLUMNS =
      "id, name, title, description, visibility, posting, joining, subject_prefix, reply_to,"
          + " footer, show_addresses, max_bytes, created_at, moderation, moderate_first, member_list,"
          + " post_by_email, post_on_web, welcome, spam_threshold, held_days, hold_doubtful,"
          + " digest_period, from_rewrite, from_style, author_in, dmarc_failure";

  /**
   * The footer a new group gets; the decorator fills in the placeholders for each copy. Every copy
   * says where it came from and how to leave, as members of a mature list expect.
   */
  public static final String DEFAULT_FOOTER =
      "You received this message because you are subscribed to {title} ({address}).\n"
          + "To leave the group, use the unsubscribe link in this message's headers,"
          + " or visit {archive}";

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuditLog auditLog;

  public GroupStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.auditLog = new AuditLog(jdbi, clock);
  }

  /** The groups' audit log, which {@link #change} writes. */
  public AuditLog auditLog() {
    return auditLog;
  }

  /**
   * Creates a group with the default policy: members only may read it ({@code private}: a group is
   * published only by an explicit choice, RELIABILITY D10), members post, open to join, reply to
   * the group, prefix {@code [name]}, the {@link #DEFAULT_FOOTER}, no moderation.
   *
   * @throws IllegalStateException when a group of that name exists
   */
  public Group create(GroupName name, String title, String description) {
    return create(name, title, description, Visibility.PRIVATE);
  }

  /**
   * Creates a group with the default policy but the given visibility, in one statement: the group
   * is never readable by more people than its creator chose, not even for a moment.
   *
   * @throws IllegalStateException when a group of that name exists
   */
  public Group create(GroupName name, String title, String description, Visibility visibility) {
    if (find(name).isPresent()) {
      throw new IllegalStateException(
          "a group named " + name + " already exists, or had that name and keeps it as an alias");
    }
    long id =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO site_groups (name, title, description, visibility,"
                            + " subject_prefix, footer, created_at) VALUES (:name, :title,"
                            + " :description, :visibility, :prefix, :footer, :now)")
                    .bind("footer", DEFAULT_FOOTER)
                    .bind("visibility", visibility.word())
                    .bind("name", name.value())
                    .bind("title", title == null || title.isBlank() ? name.value() : title.trim())
                    .bind("description", description == null ? "" : description.trim())
                    .bind("prefix", "[" + name.value() + "]")
                    .bind("now", clock.millis())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
    return findById(id).orElseThrow();
  }

  /**
   * The group of that name, or the group that had that name before its address changed ({@link
   * #rename}): its old name is an alias that keeps taking its mail and finding its pages. The group
   * found always carries its current name, so a caller can tell an alias by comparing.
   */
  public Optional<Group> find(GroupName name) {
    return jdbi.withHandle(
        h -> {
          // by its name first, the statement every message's recipient runs; the alias only then
          Optional<Group> named =
              h.createQuery("SELECT " + COLUMNS + " FROM site_groups WHERE name = :name")
                  .bind("name", name.value())
                  .map(GroupStore::map)
                  .findOne();
          if (named.isPresent()) {
            return named;
          }
          return h.createQuery(
                  "SELECT "
                      + COLUMNS
                      + " FROM site_groups WHERE id = (SELECT group_id FROM group_aliases WHERE"
                      + " name = :name)")
              .bind("name", name.value())
              .map(GroupStore::map)
              .findOne();
        });
  }

  /** The former names of group {@code groupId}, each still an alias of it, oldest first. */
  public List<GroupName> aliases(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT name FROM group_aliases WHERE group_id = :id ORDER BY created_at, name")
                .bind("id", groupId)
                .map((rs, ctx) -> new GroupName(rs.getString("name")))
                .list());
  }

  /**
   * Changes group {@code id}'s name, and so its address and web pages, keeping the old name as an
   * alias: mail to the old address still reaches the group, and its old pages lead to the new ones.
   * Recorded in the audit log as {@code address}, in the same transaction. Taking back a name the
   * group had before is allowed (that alias is dropped).
   *
   * @return the group with its new name; empty when there is no such group
   * @throws IllegalStateException when another group has that name, or keeps it as an alias
   */
  public Optional<Group> rename(long id, GroupName newName, ChangedBy by) {
    return jdbi.inTransaction(
        h -> {
          Optional<Group> before =
              h.createQuery("SELECT " + COLUMNS + " FROM site_groups WHERE id = :id")
                  .bind("id", id)
                  .map(GroupStore::map)
                  .findOne();
          if (before.isEmpty()) {
            return Optional.<Group>empty();
          }
          GroupName old = before.get().name();
          if (old.equals(newName)) {
            return before;
          }
          boolean taken =
              h.createQuery("SELECT COUNT(*) FROM site_groups WHERE name = :name AND id <> :id")
                          .bind("name", newName.value())
                          .bind("id", id)
                          .mapTo(Long.class)
                          .one()
                      + h.createQuery(
                              "SELECT COUNT(*) FROM group_aliases WHERE name = :name AND group_id"
                                  + " <> :id")
                          .bind("name", newName.value())
                          .bind("id", id)
                          .mapTo(Long.class)
                          .one()
                  > 0;
          if (taken) {
            throw new IllegalStateException(
                "the name "
                    + newName
                    + " is taken: another group has it, or had it and keeps it as an alias");
          }
          h.createUpdate("DELETE FROM group_aliases WHERE name = :name")
              .bind("name", newName.value())
              .execute();
          h.createUpdate("UPDATE site_groups SET name = :name WHERE id = :id")
              .bind("name", newName.value())
              .bind("id", id)
              .execute();
          h.createUpdate(
                  "INSERT INTO group_aliases (name, group_id, created_at) VALUES (:name, :id,"
                      + " :now)")
              .bind("name", old.value())
              .bind("id", id)
              .bind("now", clock.millis())
              .execute();
          auditLog.action(h, id, by, "address", old.value(), newName.value());
          return h.createQuery("SELECT " + COLUMNS + " FROM site_groups WHERE id = :id")
              .bind("id", id)
              .map(GroupStore::map)
              .findOne();
        });
  }

  public Optional<Group> findById(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM site_groups WHERE id = :id")
                .bind("id", id)
                .map(GroupStore::map)
                .findOne());
  }

  public List<Group> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM site_groups ORDER BY name")
                .map(GroupStore::map)
                .list());
  }

  /**
   * A change a person made to a group's settings, and what it changed.
   *
   * @param group the group as stored after the change
   * @param changes each setting changed, with its value before and after; empty when the edit
   *     changed nothing (then nothing was written)
   */
  public record Changed(Group group, List<GroupSetting.Change> changes) {}

  /**
   * Changes group {@code id}'s settings as {@code edit} says, and records each setting that differs
   * in its {@link AuditLog} as changed by {@code by}, in one transaction. {@code edit} is given the
   * group as stored within that transaction, so two people saving at once each log against what the
   * other stored; it must keep the group's id and name.
   *
   * @return the group after the change and what changed; empty when there is no such group
   */
  public Optional<Changed> change(long id, UnaryOperator<Group> edit, ChangedBy by) {
    return jdbi.inTransaction(
        h -> {
          // Takes the row's write lock before reading it (PostgreSQL; SQLite's transactions
          // begin IMMEDIATE and hold the store's), so no other change comes between.
          if (h.createUpdate("UPDATE site_groups SET id = id WHERE id = :id")
                  .bind("id", id)
                  .execute()
              == 0) {
            return Optional.<Changed>empty();
          }
          Group before =
              h.createQuery("SELECT " + COLUMNS + " FROM site_groups WHERE id = :id")
                  .bind("id", id)
                  .map(GroupStore::map)
                  .one();
          Group after = edit.apply(before);
          if (after.id() != before.id() || !after.name().equals(before.name())) {
            throw new IllegalArgumentException(
                "a change of settings keeps the group's id and name");
          }
          List<GroupSetting.Change> changes = GroupSetting.changes(before, after);
          if (!changes.isEmpty()) {
            update(h, after);
            auditLog.record(h, id, by, changes);
          }
          return Optional.of(new Changed(after, changes));
        });
  }

  /**
   * Stores every policy field of {@code g} (the name and id stay), unrecorded: for setting up a
   * group as it is made. A person's change goes through {@link #change}.
   */
  public void update(Group g) {
    jdbi.useHandle(h -> update(h, g));
  }

  private static void update(org.jdbi.v3.core.Handle h, Group g) {
    h.createUpdate(
            "UPDATE site_groups SET title = :title, description = :description,"
                + " visibility = :visibility, posting = :posting, joining = :joining,"
                + " subject_prefix = :prefix, reply_to = :replyTo, footer = :footer,"
                + " show_addresses = :showAddresses, max_bytes = :maxBytes,"
                + " moderation = :moderation, moderate_first = :moderateFirst,"
                + " member_list = :memberList, post_by_email = :postByEmail,"
                + " post_on_web = :postOnWeb, welcome = :welcome,"
                + " spam_threshold = :spamThreshold, held_days = :heldDays,"
                + " hold_doubtful = :holdDoubtful, digest_period = :digestPeriod,"
                + " from_rewrite = :fromRewrite, from_style = :fromStyle, author_in = :authorIn,"
                + " dmarc_failure = :dmarcFailure WHERE id = :id")
        .bind("title", g.title())
        .bind("description", g.description())
        .bind("visibility", g.visibility().word())
        .bind("posting", g.posting().word())
        .bind("joining", g.joining().word())
        .bind("prefix", g.subjectPrefix())
        .bind("replyTo", g.replyTo().word())
        .bind("footer", g.footer())
        .bind("showAddresses", g.showAddresses())
        .bind("maxBytes", g.maxBytes())
        .bind("moderation", g.moderation().word())
        .bind("moderateFirst", g.moderateFirst())
        .bind("memberList", g.memberList().word())
        .bind("postByEmail", g.postByEmail())
        .bind("postOnWeb", g.postOnWeb())
        .bind("welcome", g.welcome())
        .bind("spamThreshold", g.spamThreshold())
        .bind("heldDays", g.heldDays())
        .bind("holdDoubtful", g.holdDoubtful())
        .bind("digestPeriod", g.digestPeriod().word())
        .bind("fromRewrite", g.fromRewriting().when().word())
        .bind("fromStyle", g.fromRewriting().style().word())
        .bind("authorIn", g.fromRewriting().authorIn().word())
        .bind("dmarcFailure", g.dmarcFailure().word())
        .bind("id", g.id())
        .execute();
  }

  private static Group map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Group(
        rs.getLong("id"),
        new GroupName(rs.getString("name")),
        rs.getString("title"),
        rs.getString("description"),
        Visibility.of(rs.getString("visibility")),
        Posting.of(rs.getString("posting")),
        Joining.of(rs.getString("joining")),
        rs.getString("subject_prefix"),
        ReplyTo.of(rs.getString("reply_to")),
        rs.getString("footer"),
        rs.getBoolean("show_addresses"),
        rs.getLong("max_bytes"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Moderation.of(rs.getString("moderation")),
        rs.getInt("moderate_first"),
        Visibility.of(rs.getString("member_list")),
        rs.getBoolean("post_by_email"),
        rs.getBoolean("post_on_web"),
        rs.getString("welcome"),
        rs.getDouble("spam_threshold"),
        rs.getInt("held_days"),
        rs.getBoolean("hold_doubtful"),
        DigestPeriod.of(rs.getString("digest_period")),
        new FromRewriting(
            FromRewriting.When.of(rs.getString("from_rewrite")),
            FromRewriting.Style.of(rs.getString("from_style")),
            FromRewriting.AuthorIn.of(rs.getString("author_in"))),
        DmarcFailure.of(rs.getString("dmarc_failure")));
  }
}
