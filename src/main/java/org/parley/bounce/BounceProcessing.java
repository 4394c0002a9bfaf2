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
  private final BounceRounds rounds;
  private final BounceRecords records;
  private final Clock clock;

  public BounceProcessing(
      Database db,
      GroupStore groups,
      MemberStore members,
      BouncePolicy policy,
      BounceNotices notices,
      Complaints complaints,
      BounceRounds rounds,
      Clock clock) {
    this.jdbi = db.jdbi();
    this.rounds = rounds;
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
    Plan plan = plan(report, group, reading);
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
              Outcome o = act(h, report, plan);
              rounds.soon(h);
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

  /**
   * What a report calls for, with the members it names looked up before the transaction that acts
   * on it, so that transaction only writes (and reads the bookkeeping it changes).
   */
  sealed interface Plan {
    /** Nothing but the outcome: the report names nobody, or is no bounce. */
    record Nothing(Outcome outcome) implements Plan {}

    /** Failures of copies, one per member named, for their scores. */
    record Copies(Group group, String format, Map<Member, Failure> failures) implements Plan {}

    /** A failure of the probe sent to {@code member}. */
    record ProbeBounce(Group group, String token, Member member, Failure failure) implements Plan {}

    /** An automatic reply, from the member the token names if it names one. */
    record AutoReplied(Optional<Member> member, String sign) implements Plan {}

    /** A complaint, about the member it names if it names one. */
    record Complaint(Optional<Complaints.Named> named, FeedbackReport report) implements Plan {}
  }

  /** What {@code reading} calls for; reads only. */
  private Plan plan(Report report, Optional<Group> group, Reading reading) {
    return switch (reading) {
      case Reading.Feedback f ->
          new Plan.Complaint(complaints.named(report, group, f.report()), f.report());
      case Reading.Other o ->
          new Plan.Nothing(Outcome.of("not a bounce (" + o.why() + "); nothing done"));
      case Reading.AutoReply a ->
          new Plan.AutoReplied(group.flatMap(g -> byToken(g, report.token())), a.sign());
      case Reading.Bounced b -> {
        if (group.isEmpty()) {
          yield new Plan.Nothing(
              Outcome.of(
                  "a bounce (" + b.format() + ") that reached no group's address; nothing done"));
        }
        yield report.probe() ? probe(report, group.get(), b) : copies(report, group.get(), b);
      }
    };
  }

  /** A bounce of a probe: the probe and its member, or why there are none. */
  private Plan probe(Report report, Group group, Reading.Bounced b) {
    String token = report.token().substring(ListAddresses.PROBE.length());
    Optional<BounceRecords.Probe> probe = jdbi.withHandle(h -> records.probe(h, token));
    if (probe.isEmpty() || probe.get().groupId() != group.id()) {
      return new Plan.Nothing(
          Outcome.of("a bounce of an unknown probe of " + group.name() + "; dropped"));
    }
    Optional<Member> member = members.find(group.id(), probe.get().account());
    if (member.isEmpty()) {
      return new Plan.Nothing(
          Outcome.of("a bounce of a probe to one who is no longer a member; dropped"));
    }
    return new Plan.ProbeBounce(group, token, member.get(), worst(b.failures()));
  }

  /** A bounce of a copy: the members it names with their failures, or why there are none. */
  private Plan copies(Report report, Group group, Reading.Bounced b) {
    Map<Member, Failure> failures = new LinkedHashMap<>();
    if (!report.token().isEmpty()) {
      Optional<Member> m = byToken(group, report.token());
      if (m.isEmpty()) {
        return new Plan.Nothing(
            Outcome.of(
                "a bounce ("
                    + b.format()
                    + ") whose token names no member of "
                    + group.name()
                    + "; dropped"));
      }
      failures.put(m.get(), worst(b.failures()));
    } else {
      for (Failure f : b.failures()) {
        byAddress(group, f.recipient())
            .ifPresent(m -> failures.merge(m, f, (x, y) -> worst(List.of(x, y))));
      }
      if (failures.isEmpty()) {
        return new Plan.Nothing(
            Outcome.of(
                "a bounce ("
                    + b.format()
                    + ") at "
                    + group.name()
                    + "'s bounce address that names no member; dropped"));
      }
    }
    return new Plan.Copies(group, b.format(), failures);
  }

  /** Carries out {@code plan} within the transaction that marks the report read. */
  private Outcome act(Handle h, Report report, Plan plan) {
    return switch (plan) {
      case Plan.Nothing n -> n.outcome();
      case Plan.Complaint c -> complaints.received(h, report, c.named(), c.report());
      case Plan.AutoReplied a -> {
        a.member()
            .ifPresent(
                m ->
                    records.event(
                        h,
                        m.groupId(),
                        m.accountId(),
                        report.id(),
                        "auto-reply",
                        "",
                        a.sign(),
                        false));
        yield Outcome.of(
            "an automatic reply ("
                + a.sign()
                + ")"
                + a.member().map(m -> " from " + m.email()).orElse("")
                + "; never counted, never posted");
      }
      case Plan.Copies c -> {
        List<String> told = new ArrayList<>();
        c.failures().forEach((m, f) -> told.add(count(h, report, c.group(), m, f)));
        yield Outcome.of("a bounce (" + c.format() + "): " + String.join("; ", told));
      }
      case Plan.ProbeBounce p -> probeBounced(h, report, p);
    };
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
  private Outcome probeBounced(Handle h, Report report, Plan.ProbeBounce plan) {
    Group group = plan.group();
    Optional<BounceRecords.Probe> probe = records.probe(h, plan.token());
    if (probe.isEmpty() || !probe.get().outcome().isEmpty()) {
      return Outcome.of(
          "a bounce of a probe settled already ("
              + probe.map(BounceRecords.Probe::outcome).orElse("gone")
              + "); nothing done");
    }
    BounceRecords.Probe p = probe.get();
    Failure failure = plan.failure();
    String kind = "probe-" + failure.kind().name().toLowerCase(Locale.ROOT);
    Member member = plan.member();
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
              + member.email()
              + " bounced ("
              + kind
              + " "
              + failure.status()
              + "), which does not disable delivery");
    }
    records.settle(h, plan.token(), "bounced");
    if (!members.disable(h, group.id(), p.account(), DisabledReason.BOUNCES)) {
      return Outcome.of(
          "the probe to " + member.email() + " bounced; delivery was disabled already");
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
        member.email(),
        1,
        policy.warnings(),
        BounceRounds.removalDay(policy, now, 1),
        now);
    return Outcome.of(
        "the probe to "
            + member.email()
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
