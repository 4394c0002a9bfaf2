package org.parley.digest;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.archive.ArchiveReader;
import org.parley.archive.Post;
import org.parley.archive.Topic;
import org.parley.archive.TopicId;
import org.parley.db.Database;
import org.parley.delivery.OutgoingMail;
import org.parley.delivery.Verp;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.Visibility;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.PermanentJobFailure;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job {@value #KIND}: makes and sends one member's owed digest (a row of {@code digests} in
 * state {@code queued}, recorded by {@link Digests} as a period closed).
 *
 * <p>It gathers the posts the member may see: the group's posts archived in the period ({@code
 * [period_start, period_end)}), not removed ({@link ArchiveReader#postsReceived}), none of a topic
 * the member muted ({@code member_topics.choice = 'mute'}), and none at all in a group only its
 * owners and managers may read unless the member is one. It writes the digest as the row's kind
 * asks ({@link DigestComposer}): a MIME digest, split into parts over the size limit, or an
 * abridged summary. Then, in one transaction, it hands each message to {@link OutgoingMail} (with
 * the member's VERP return path, {@link Verp}, so a bounce names them), marks the row {@code sent}
 * and marks the job done. With no post to send, the row is marked {@code empty} and nothing is
 * sent. So a crash before that commit sends nothing and the job runs again; after it, the row says
 * {@code sent}, and a run repeated finds it so and does nothing: a digest is neither lost nor
 * doubled.
 */
public final class DigestJob implements JobHandler {
  public static final String KIND = "digest";
  private static final Logger log = LoggerFactory.getLogger(DigestJob.class);

  private final Jdbi jdbi;
  private final ArchiveReader reader;
  private final GroupStore groups;
  private final MemberStore members;
  private final OutgoingMail outgoing;
  private final JobQueue jobs;
  private final DigestComposer composer;
  private final Verp verp;
  private final long relayLimit;
  private final Clock clock;

  /**
   * @param relayLimit the largest message the relay takes, less what it adds: no part of a digest
   *     is larger (nor larger than the group's own maximum size)
   */
  public DigestJob(
      Database db,
      ArchiveReader reader,
      GroupStore groups,
      MemberStore members,
      OutgoingMail outgoing,
      JobQueue jobs,
      DigestComposer composer,
      Verp verp,
      long relayLimit,
      Clock clock) {
    this.jdbi = db.jdbi();
    this.reader = reader;
    this.groups = groups;
    this.members = members;
    this.outgoing = outgoing;
    this.jobs = jobs;
    this.composer = composer;
    this.verp = verp;
    this.relayLimit = relayLimit;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** An owed digest as its row stands. */
  private record Owed(Instant end, String kind, String state) {}

  @Override
  public Completion run(Job job) throws IOException, PermanentJobFailure {
    DigestPayload key = DigestPayload.parse(job.payload());
    Optional<Owed> found = find(key);
    if (found.isEmpty() || !found.get().state().equals(DigestState.QUEUED.word())) {
      log.info(
          "digest {}: {}; nothing to do",
          job.payload(),
          found.isEmpty() ? "no such digest is owed" : "it was " + found.get().state() + " before");
      return Completion.DONE;
    }
    Owed owed = found.get();
    Optional<Group> group = groups.findById(key.groupId());
    Optional<Member> member =
        group.isEmpty() ? Optional.empty() : members.find(key.groupId(), key.accountId());
    if (group.isEmpty() || member.isEmpty() || !member.get().active()) {
      settle(job, key, DigestState.EMPTY, 0, List.of(), null, null);
      log.info("digest {}: the member left or is disabled; nothing is sent", job.payload());
      return Completion.DONE_IN_RUN;
    }
    Group g = group.get();
    Member m = member.get();
    List<DigestComposer.DigestPost> posts = gather(g, m, key.periodStart(), owed.end());
    if (posts.isEmpty()) {
      settle(job, key, DigestState.EMPTY, 0, List.of(), m, g);
      log.info(
          "group {}: no post for {}'s digest of {} to {}; nothing is sent",
          g.name(),
          m.email().value(),
          key.periodStart(),
          owed.end());
      return Completion.DONE_IN_RUN;
    }
    DigestComposer.Recipient to = new DigestComposer.Recipient(m.email().value(), m.token());
    List<DigestComposer.Composed> mail;
    if (DeliveryMode.ABRIDGED.word().equals(owed.kind())) {
      Map<TopicId, String> subjects = new HashMap<>();
      for (DigestComposer.DigestPost p : posts) {
        subjects.computeIfAbsent(
            p.post().topicId(), t -> reader.topic(t).map(Topic::subject).orElse(null));
      }
      subjects.values().removeIf(Objects::isNull);
      mail = List.of(composer.abridged(g, to, key.periodStart(), owed.end(), posts, subjects));
    } else {
      mail =
          composer.mime(
              g, to, key.periodStart(), owed.end(), posts, Math.min(g.maxBytes(), relayLimit));
    }
    boolean sent = settle(job, key, DigestState.SENT, posts.size(), mail, m, g);
    log.info(
        "group {}: {}'s {} of {} post(s), {} to {}, {}",
        g.name(),
        m.email().value(),
        owed.kind(),
        posts.size(),
        key.periodStart(),
        owed.end(),
        sent
            ? "queued in " + mail.size() + " message(s): <" + mail.get(0).messageId() + ">"
            : "was sent by another run meanwhile");
    return Completion.DONE_IN_RUN;
  }

  /** The posts of the period {@code m} may see, with their raw bytes, in the order they arrived. */
  private List<DigestComposer.DigestPost> gather(Group g, Member m, Instant start, Instant end)
      throws IOException {
    if (g.visibility() == Visibility.MANAGERS && !m.canModerate()) {
      return List.of(); // an archive kept for those who run the group
    }
    Set<Long> muted =
        new HashSet<>(
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT topic_id FROM member_topics WHERE group_id = :g AND"
                                + " account_id = :a AND choice = 'mute'")
                        .bind("g", g.id())
                        .bind("a", m.accountId().value())
                        .mapTo(Long.class)
                        .list()));
    List<DigestComposer.DigestPost> out = new ArrayList<>();
    for (Post p : reader.postsReceived(g.id(), start, end)) {
      if (!muted.contains(p.topicId().value())) {
        out.add(new DigestComposer.DigestPost(p, reader.raw(p)));
      }
    }
    return out;
  }

  /**
   * In one transaction: moves the row from queued to {@code state}, queues {@code mail} to member
   * {@code m} of group {@code g} if it moved (both may be null when there is no mail), and marks
   * the job done.
   *
   * @return whether this run moved the row (false: another run did it first)
   */
  private boolean settle(
      Job job,
      DigestPayload key,
      DigestState state,
      int posts,
      List<DigestComposer.Composed> mail,
      Member m,
      Group g) {
    return jdbi.inTransaction(
        h -> {
          boolean moved = mark(h, key, state, posts);
          if (moved) {
            for (DigestComposer.Composed c : mail) {
              outgoing.queue(
                  h,
                  c.messageId(),
                  verp.returnPath(g.name(), m.token()),
                  List.of(m.email().value()),
                  c.bytes());
            }
          }
          jobs.complete(h, job);
          return moved;
        });
  }

  private boolean mark(Handle h, DigestPayload key, DigestState state, int posts) {
    return h.createUpdate(
                "UPDATE digests SET state = :state, posts = :posts, sent_at = :now WHERE group_id"
                    + " = :g AND account_id = :a AND period_start = :start AND state = :queued")
            .bind("state", state.word())
            .bind("posts", posts)
            .bind("now", clock.millis())
            .bind("g", key.groupId())
            .bind("a", key.accountId().value())
            .bind("start", key.periodStart().toEpochMilli())
            .bind("queued", DigestState.QUEUED.word())
            .execute()
        == 1;
  }

  private Optional<Owed> find(DigestPayload key) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT period_end, kind, state FROM digests WHERE group_id = :g AND"
                        + " account_id = :a AND period_start = :start")
                .bind("g", key.groupId())
                .bind("a", key.accountId().value())
                .bind("start", key.periodStart().toEpochMilli())
                .map(
                    (rs, ctx) ->
                        new Owed(
                            Instant.ofEpochMilli(rs.getLong("period_end")),
                            rs.getString("kind"),
                            rs.getString("state")))
                .findOne());
  }
}
