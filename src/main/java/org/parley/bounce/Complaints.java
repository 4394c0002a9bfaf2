package org.parley.bounce;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.EmailAddress;
import org.parley.db.Database;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.member.DisabledReason;
import org.parley.member.Member;
import org.parley.member.MemberStore;

/**
 * Complaints: abuse feedback reports (ARF, RFC 5965) that a member's mail provider sends when the
 * member marks a copy as spam, at a group's bounce address or the site's feedback address. A
 * complaint stops the group's deliveries to that member ({@link DisabledReason#COMPLAINT}); the
 * report is kept for the site's operators ({@code parley complaints}), and the group's owners are
 * told once a day ({@link BounceRounds}).
 *
 * <p>The member is named, in this order, by: the member token of the return path the report came
 * back to ({@code <group>-bounces+<token>@}); the report's {@code Original-Mail-From} (§3.2), the
 * copy's VERP return path; the member's own unsubscribe address or link in the reported copy's
 * {@code List-Unsubscribe} ({@code <group>-leave+<token>@}, {@code /u/<token>}); and last the
 * {@code Original-Rcpt-To}, when it is a member of the group the report names (by its address or
 * the copy's {@code List-Id}). Providers often redact the recipient, which is why the tokens come
 * first. A report that names no member is kept and logged, and nothing else is done.
 */
public final class Complaints {
  private static final Pattern LEAVE =
      Pattern.compile(
          "[a-z0-9][a-z0-9._-]*-leave\\+([A-Za-z0-9]{1,128})@", Pattern.CASE_INSENSITIVE);
  private static final Pattern LINK = Pattern.compile("/u/([A-Za-z0-9]{1,128})\\b");
  private static final Pattern LIST_ID = Pattern.compile("(?im)^List-Id:[^\\n]*<([^>\\s]+)>");

  private final Jdbi jdbi;
  private final GroupStore groups;
  private final MemberStore members;
  private final ListAddresses addresses;
  private final Clock clock;

  public Complaints(
      Database db, GroupStore groups, MemberStore members, String domain, Clock clock) {
    this.jdbi = db.jdbi();
    this.groups = groups;
    this.members = members;
    this.addresses = new ListAddresses(domain);
    this.clock = clock;
  }

  /**
   * The member a complaint names, with the name of their group.
   *
   * @param group the name of the member's group, for the log
   */
  record Named(Member member, String group) {}

  /**
   * The member a feedback report that reached {@code group}'s bounce address (or, with no group,
   * the site's feedback address) names, by the rules in the class comment; reads only.
   */
  Optional<Named> named(BounceProcessing.Report report, Optional<Group> group, FeedbackReport arf) {
    return member(report, group, arf)
        .map(
            m ->
                new Named(
                    m,
                    groups
                        .findById(m.groupId())
                        .map(g -> g.name().value())
                        .orElse("group " + m.groupId())));
  }

  /**
   * Acts on a feedback report within the caller's transaction: disables the member it names and
   * records the complaint; the report is kept either way.
   */
  BounceProcessing.Outcome received(
      Handle h, BounceProcessing.Report report, Optional<Named> named, FeedbackReport arf) {
    String type = arf.feedbackType().isEmpty() ? "abuse" : arf.feedbackType();
    if (named.isEmpty()) {
      return new BounceProcessing.Outcome(
          "a complaint (" + type + ") that names no member; kept for the operators", true);
    }
    Member m = named.get().member();
    boolean disabled = members.disable(h, m.groupId(), m.accountId(), DisabledReason.COMPLAINT);
    h.createUpdate(
            "INSERT INTO complaints (report_id, group_id, account_id, feedback_type, at) VALUES"
                + " (:r, :g, :a, :type, :now)")
        .bind("r", report.id())
        .bind("g", m.groupId())
        .bind("a", m.accountId().value())
        .bind("type", type.toLowerCase(Locale.ROOT))
        .bind("now", clock.millis())
        .execute();
    return new BounceProcessing.Outcome(
        "a complaint ("
            + type
            + ") by "
            + m.email()
            + " about "
            + named.get().group()
            + (disabled ? ": delivery disabled" : ": delivery was disabled already")
            + "; kept for the operators",
        true);
  }

  /** The member a report names, by the rules in the class comment. */
  private Optional<Member> member(
      BounceProcessing.Report report, Optional<Group> group, FeedbackReport arf) {
    Optional<Member> m = byToken(report.token(), group);
    if (m.isPresent()) {
      return m;
    }
    Optional<ListAddresses.Parsed> from = addresses.parse(arf.originalMailFrom());
    if (from.isPresent() && from.get().kind() == ListAddresses.Kind.BOUNCES) {
      m = from.get().token().flatMap(t -> byToken(t, group));
      if (m.isPresent()) {
        return m;
      }
    }
    for (Pattern p : List.of(LEAVE, LINK)) {
      Matcher found = p.matcher(arf.reportedHeaders());
      while (found.find()) {
        m = byToken(found.group(1).toLowerCase(Locale.ROOT), group);
        if (m.isPresent()) {
          return m;
        }
      }
    }
    Optional<Group> named = group.isPresent() ? group : byListId(arf.reportedHeaders());
    String rcpt = arf.originalRecipient().strip();
    if (rcpt.startsWith("<") && rcpt.endsWith(">")) {
      rcpt = rcpt.substring(1, rcpt.length() - 1).strip();
    }
    if (named.isPresent() && EmailAddress.isValid(rcpt)) {
      return members.find(named.get().id(), EmailAddress.of(rcpt));
    }
    return Optional.empty();
  }

  private Optional<Member> byToken(String token, Optional<Group> group) {
    if (!ListAddresses.isToken(token)) {
      return Optional.empty();
    }
    return members
        .findByToken(token)
        .filter(m -> group.isEmpty() || group.get().id() == m.groupId());
  }

  /** The group of this site a reported copy's {@code List-Id} names. */
  private Optional<Group> byListId(String headers) {
    Matcher id = LIST_ID.matcher(headers.replace("\r\n", "\n"));
    if (!id.find()) {
      return Optional.empty();
    }
    String listId = id.group(1).toLowerCase(Locale.ROOT);
    String suffix = "." + addresses.domain();
    if (!listId.endsWith(suffix)) {
      return Optional.empty();
    }
    try {
      return groups.find(GroupName.of(listId.substring(0, listId.length() - suffix.length())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A complaint as the operators see it.
   *
   * @param address the member's address
   * @param reportId the kept report's id, whose bytes {@link #raw} gives
   */
  public record Complaint(
      long id,
      long reportId,
      String group,
      String address,
      String feedbackType,
      Instant at,
      boolean toldOwners) {}

  /** The complaints received, newest first; for one group when {@code group} is given. */
  public List<Complaint> list(Optional<GroupName> group, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.id, c.report_id, g.name, a.email, c.feedback_type, c.at,"
                        + " c.told_owners FROM complaints c JOIN site_groups g ON g.id ="
                        + " c.group_id JOIN accounts a ON a.id = c.account_id WHERE (:all OR"
                        + " g.name = :group) ORDER BY c.at DESC, c.id DESC LIMIT :limit")
                .bind("all", group.isEmpty())
                .bind("group", group.map(GroupName::value).orElse(""))
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new Complaint(
                            rs.getLong("id"),
                            rs.getLong("report_id"),
                            rs.getString("name"),
                            rs.getString("email"),
                            rs.getString("feedback_type"),
                            Instant.ofEpochMilli(rs.getLong("at")),
                            rs.getBoolean("told_owners")))
                .list());
  }

  /**
   * The kept report a complaint, or any report, came in: its bytes as received, empty when there is
   * no such report or its bytes were dropped once read (a bounce, not a complaint).
   */
  public Optional<byte[]> raw(long reportId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT raw FROM bounce_reports WHERE id = :id AND raw IS NOT NULL")
                .bind("id", reportId)
                .mapTo(byte[].class)
                .findOne());
  }
}
