package org.parley.bounce;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.EmailAddress;
import org.parley.crypto.Tokens;
import org.parley.db.Database;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.PermanentJobFailure;
import org.parley.member.DisabledReason;
import org.parley.member.Member;
import org.parley.member.MemberStatus;
import org.parley.member.MemberStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a report {@link BounceInbox} kept and acts on it: the job {@value #KIND}. What the report
 * is, {@link BounceReader} says; whose it is, the address it reached: the member token of a copy's
 * return path ({@code <group>-bounces+<token>@}, {@code org.parley.delivery.Verp}), the probe token
 * of a probe's ({@code <group>-bounces+probe-<token>@}), or, at the bare {@code <group>-bounces@},
 * each failed recipient that is a member of the group.
 *
 * <ul>
 *   <li>A failure of a copy counts toward the member's bounce score by the rules of {@link
 *       BounceScore}; at the {@linkplain BouncePolicy#threshold threshold} a probe is sent ({@link
 *       BounceNotices#probe}) and recorded.
 *   <li>A lasting failure of a probe, or a passing one that repeats on another day, disables the
 *       member's delivery ({@link DisabledReason#BOUNCES}) and sends them the first notice; {@link
 *       BounceRounds} sends the warnings and removes the membership after the last.
 *   <li>An automatic reply, a refusal by policy (5.7.x) and anything else never count.
 *   <li>A feedback report (RFC 5965) is a complaint ({@link Complaints}).
 * </ul>
 *
 * Every failure is recorded in {@code bounce_events} with whether it counted; the report's outcome
 * is kept on its row, and its bytes are dropped once read unless it is a complaint, which is kept
 * for the operators. The report is read once: its row is marked read in the transaction that acts
 * on it, so a job run again does nothing more.
 */
public final class BounceProcessing implements JobHandler {
  /** The kind of job that reads one kept report; its payload is the report's id. */
  public static final String KIND = "read-bounce";

  private static final Logger log = LoggerFactory.getLogger(BounceProcessing.class);

  private final Jdbi jdbi;
  private final GroupStore groups;
  private final MemberStore members;
  private final BouncePolicy policy;
  private final BounceNotices notices;
  private final Complaints complaints;
  private final BounceRecords records;
  private final Clock clock;

  public BounceProcessing(
      Database db,
      GroupStore groups,
      MemberStore members,
      BouncePolicy policy,
      BounceNotices notices,
      Complaints complaints,
      Clock clock) {
    this.jdbi = db.jdbi();
    this.groups = groups;
    this.members = members;
    this.policy = policy;
    this.notices = notices;
    this.complaints = complaints;
    this.records = new BounceRecords(clock);
    this.clock = clock;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** A kept report, as {@link BounceInbox} stored it. */
  record Report(
      long id,
      Optional<Long> groupId,
      String recipient,
      String token,
      String mailFrom,
      byte[] raw) {
    boolean probe() {
      return token.startsWith(ListAddresses.PROBE);
    }
  }

  /** What was made of a report: its outcome, and whether its bytes are kept. */
  record Outcome(String text, boolean keep) {
    static Outcome of(String text) {
      return new Outcome(text, false);
    }
  }

  @Override
  public Completion run(Job job) throws PermanentJobFailure {
    long id;
    try {
      id = Long.parseLong(job.payload());
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure("not a report's id: " + job.payload());
    }
    Optional<Report> found = unread(id);
    if (found.isEmpty()) {
      return Completion.DONE; // read already
    }
    Report report = found.get();
    Reading reading = BounceReader.read(report.raw());
    Optional<Group> group = report.groupId().flatMap(groups::findById);
    Optional<Outcome> outcome =
        jdbi.inTransaction(
            h -> {
              if (h.createUpdate(
                          "UPDATE bounce_reports SET read_at = :now WHERE id = :id AND read_at IS"
                              + " NULL")
                      .bind("now", clock.millis())
                      .bind("id", id)
                      .execute()
                  == 0) {
                return Optional.<Outcome>empty(); // another run read it meanwhile
              }
              Outcome o = act(h, report, group, reading);
              h.createUpdate(
                      "UPDATE bounce_reports SET outcome = :o, raw = CASE WHEN :keep THEN raw ELSE"
                          + " NULL END WHERE id = :id")
                  .bind("o", o.text())
                  .bind("keep", o.keep())
                  .bind("id", id)
                  .execute();
              return Optional.of(o);
            });
    outcome.ifPresent(
        o ->
            log.info(
                "report {} to {} from <{}>: {}",
                id,
                report.recipient(),
                report.mailFrom(),
                o.text()));
    return Completion.DONE;
  }

  private Optional<Report> unread(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, group_id, recipient, token, mail_from, raw FROM bounce_reports"
                        + " WHERE id = :id AND read_at IS NULL")
                .bind("id", id)
                .map(
                    (rs, ctx) -> {
                      long g = rs.getLong("group_id");
                      Optional<Long> groupId = rs.wasNull() ? Optional.empty() : Optional.of(g);
                      return new Report(
                          rs.getLong("id"),
                          groupId,
                          rs.getString("recipient"),
                          rs.getString("token"),
                          rs.getString("mail_from"),
                          rs.getBytes("raw"));
                    })
                .findOne());
  }

  private Outcome act(Handle h, Report report, Optional<Group> group, Reading reading) {
    return switch (reading) {
      case Reading.Feedback f -> complaints.received(h, report, group, f.report());
      case Reading.Other o -> Outcome.of("not a bounce (" + o.why() + "); nothing done");
      case Reading.AutoReply a -> autoReply(h, report, group, a);
      case Reading.Bounced b -> {
        if (group.isEmpty()) {
          yield Outcome.of(
              "a bounce (" + b.format() + ") that reached no group's address; nothing done");
        }
        yield report.probe()
            ? probeBounced(h, report, group.get(), b)
            : copyBounced(h, report, group.get(), b);
      }
    };
  }

  private Outcome autoReply(Handle h, Report report, Optional<Group> group, Reading.AutoReply a) {
    Optional<Member> member = group.flatMap(g -> byToken(g, report.token()));
    member.ifPresent(
        m ->
            records.event(
                h, m.groupId(), m.accountId(), report.id(), "auto-reply", "", a.sign(), false));
    return Outcome.of(
        "an automatic reply ("
            + a.sign()
            + ")"
            + member.map(m -> " from " + m.email()).orElse("")
            + "; never counted, never posted");
  }

  /** A bounce of a copy: counts toward the score of the member it names. */
  private Outcome copyBounced(Handle h, Report report, Group group, Reading.Bounced b) {
    Map<Long, Member> named = new LinkedHashMap<>();
    Map<Long, Failure> failures = new LinkedHashMap<>();
    if (!report.token().isEmpty()) {
      Optional<Member> m = byToken(group, report.token());
      if (m.isEmpty()) {
        return Outcome.of(
            "a bounce ("
                + b.format()
                + ") whose token names no member of "
                + group.name()
                + "; dropped");
      }
      named.put(m.get().accountId().value(), m.get());
      failures.put(m.get().accountId().value(), worst(b.failures()));
    } else {
      for (Failure f : b.failures()) {
        Optional<Member> m = byAddress(group, f.recipient());
        if (m.isPresent()) {
          named.putIfAbsent(m.get().accountId().value(), m.get());
          failures.merge(m.get().accountId().value(), f, (x, y) -> worst(List.of(x, y)));
        }
      }
      if (named.isEmpty()) {
        return Outcome.of(
            "a bounce ("
                + b.format()
                + ") at "
                + group.name()
                + "'s bounce address that names no member; dropped");
      }
    }
    List<String> told = new ArrayList<>();
    for (Member m : named.values()) {
      told.add(count(h, report, group, m, failures.get(m.accountId().value())));
    }
    return Outcome.of("a bounce (" + b.format() + "): " + String.join("; ", told));
  }

  /** Counts one failure of a copy to {@code member}; what it did, in a few words. */
  private String count(Handle h, Report report, Group group, Member member, Failure failure) {
    String kind = failure.kind().name().toLowerCase(Locale.ROOT);
    Optional<BounceRecords.Bookkeeping> kept =
        records.bookkeeping(h, group.id(), member.accountId());
    if (kept.isEmpty()) {
      return member.email() + " is no longer a member";
    }
    if (kept.get().status() != MemberStatus.ACTIVE) {
      records.event(
          h,
          group.id(),
          member.accountId(),
          report.id(),
          kind,
          failure.status(),
          failure.diagnostic(),
          false);
      return member.email() + ": " + kind + " " + failure.status() + ", delivery disabled already";
    }
    LocalDate today = records.today();
    BounceScore.Counted c =
        BounceScore.count(
            failure.kind(),
            today,
            kept.get().score(),
            failure.kind() == Failure.Kind.SOFT
                && records.softBefore(h, group.id(), member.accountId(), today, policy),
            policy);
    records.setScore(h, group.id(), member.accountId(), c.after());
    records.event(
        h,
        group.id(),
        member.accountId(),
        report.id(),
        kind,
        failure.status(),
        failure.diagnostic(),
        c.counted());
    String said =
        member.email()
            + ": "
            + kind
            + " "
            + failure.status()
            + ", "
            + c.why()
            + ", score "
            + c.after().score();
    if (c.after().score() >= policy.threshold() && kept.get().probeSentAt().isEmpty()) {
      String token = Tokens.hex(16);
      records.probeSent(h, group.id(), member.accountId(), token);
      records.event(h, group.id(), member.accountId(), report.id(), "probe", "", "", false);
      notices.probe(h, group, member.email(), c.after().score(), token, clock.instant());
      said += ", probe sent";
    }
    return said;
  }

  /** A bounce of a probe: disables the member's delivery when it is a lasting failure. */
  private Outcome probeBounced(Handle h, Report report, Group group, Reading.Bounced b) {
    String token = report.token().substring(ListAddresses.PROBE.length());
    Optional<BounceRecords.Probe> probe = records.probe(h, token);
    if (probe.isEmpty() || probe.get().groupId() != group.id()) {
      return Outcome.of("a bounce of an unknown probe of " + group.name() + "; dropped");
    }
    BounceRecords.Probe p = probe.get();
    Failure failure = worst(b.failures());
    String kind = "probe-" + failure.kind().name().toLowerCase(Locale.ROOT);
    Optional<Member> member = members.find(group.id(), p.account());
    if (!p.outcome().isEmpty() || member.isEmpty()) {
      return Outcome.of("a bounce of a probe settled already (" + p.outcome() + "); nothing done");
    }
    LocalDate today = records.today();
    boolean disables =
        failure.kind() == Failure.Kind.HARD
            || (failure.kind() == Failure.Kind.SOFT
                && records.probeSoftBefore(h, group.id(), p.account(), p.sentAt(), today));
    records.event(
        h,
        group.id(),
        p.account(),
        report.id(),
        kind,
        failure.status(),
        failure.diagnostic(),
        disables);
    if (!disables) {
      return Outcome.of(
          "the probe to "
              + member.get().email()
              + " bounced ("
              + kind
              + " "
              + failure.status()
              + "), which does not disable delivery");
    }
    records.settle(h, token, "bounced");
    if (!members.disable(h, group.id(), p.account(), DisabledReason.BOUNCES)) {
      return Outcome.of(
          "the probe to " + member.get().email() + " bounced; delivery was disabled already");
    }
    records.warned(h, group.id(), p.account(), 1);
    records.event(
        h,
        group.id(),
        p.account(),
        report.id(),
        "disabled",
        failure.status(),
        failure.diagnostic(),
        false);
    Instant now = clock.instant();
    notices.disabled(
        h,
        group,
        member.get().email(),
        1,
        policy.warnings(),
        BounceRounds.removalDay(policy, now, 1),
        now);
    return Outcome.of(
        "the probe to "
            + member.get().email()
            + " bounced ("
            + failure.status()
            + "): delivery disabled, the member told");
  }

  private Optional<Member> byToken(Group group, String token) {
    if (token.isEmpty() || token.startsWith(ListAddresses.PROBE)) {
      return Optional.empty();
    }
    return members.findByToken(token).filter(m -> m.groupId() == group.id());
  }

  private Optional<Member> byAddress(Group group, String address) {
    if (address == null || !EmailAddress.isValid(address.strip())) {
      return Optional.empty();
    }
    return members.find(group.id(), EmailAddress.of(address.strip()));
  }

  /** The failure that weighs most: lasting, then passing, then by policy. */
  static Failure worst(List<Failure> failures) {
    Failure worst = failures.get(0);
    for (Failure f : failures) {
      if (f.kind().ordinal() < worst.kind().ordinal()) {
        worst = f;
      }
    }
    return worst;
  }
}
