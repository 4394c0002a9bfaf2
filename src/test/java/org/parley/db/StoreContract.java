package org.parley.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.parley.testkit.RelaySink.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.archive.BlobStore;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupSetting;
import org.parley.group.GroupStore;
import org.parley.group.Visibility;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Quarantine;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.jobs.Job;
import org.parley.jobs.JobState;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.parley.testkit.TestSites;

/**
 * One contract for every store Parley runs on: the same behaviour on the embedded SQLite and on
 * PostgreSQL, through the same code (DESIGN §1). Subclasses say which store.
 */
abstract class StoreContract {
  @TempDir Path dir;
  Site site;
  Group group;

  /** Settings that select the store under test (PARLEY_DB); empty for the embedded default. */
  abstract Map<String, String> store() throws Exception;

  @BeforeEach
  void open() throws Exception {
    site = TestSites.open(dir, store()).start();
    group =
        TestSites.group(site, "news", "ada@example.com", "grace@example.com", "alan@example.com");
  }

  @AfterEach
  void close() {
    site.close();
  }

  IngestResult submit(String from, String id, String subject, String extra, String body) {
    byte[] raw =
        ("From: "
                + from
                + "\r\nTo: news@lists.test\r\nSubject: "
                + subject
                + "\r\nMessage-ID: <"
                + id
                + ">\r\n"
                + extra
                + "\r\n"
                + body
                + "\r\n")
            .getBytes(StandardCharsets.UTF_8);
    return site.ingestor()
        .submit(
            new Submission(
                group.name(),
                raw,
                new Envelope(from, List.of("news@lists.test"), "test"),
                Source.SMTP));
  }

  Post post(String id) {
    return site.reader().postsByMessageId(group.id(), MessageId.of(id)).get(0);
  }

  @Test
  void aRedeliveryIsANoOpAndAReusedMessageIdWithOtherBytesIsKept() {
    IngestResult first = submit("ada@example.com", "a@x", "Hi", "", "one");
    IngestResult again = submit("ada@example.com", "a@x", "Hi", "", "one");
    IngestResult other = submit("ada@example.com", "a@x", "Hi", "", "two");

    assertThat(first).isInstanceOf(IngestResult.Accepted.class);
    assertThat(((IngestResult.Accepted) again).duplicate()).isTrue();
    assertThat(((IngestResult.Accepted) again).post())
        .isEqualTo(((IngestResult.Accepted) first).post());
    assertThat(((IngestResult.Accepted) other).duplicate()).isFalse();
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("a@x"))).hasSize(2);
  }

  @Test
  void nulCharactersInAMessageAreArchivedAsReplacementCharactersAndTheRawKeepsThem()
      throws Exception {
    // PostgreSQL's text refuses U+0000; broken mailers send it in names, subjects and bodies
    IngestResult r = submit("\"Ada\0 L\" <ada@example.com>", "nul@x", "Hi\0there", "", "one\0two");
    assertThat(r).isInstanceOf(IngestResult.Accepted.class);
    Post p = post("nul@x");
    assertThat(p.subject()).isEqualTo("Hi\uFFFDthere");
    assertThat(p.bodyText()).contains("one\uFFFDtwo");
    assertThat(p.fromName()).isEqualTo("Ada\uFFFD L");
    assertThat(new String(site.blobs().get(p.rawSha256()), StandardCharsets.UTF_8))
        .contains("one\0two");
    // a Message-ID with a NUL in it is no Message-ID: the post gets a stable one of its own
    IngestResult odd = submit("ada@example.com", "odd\0id@x", "Odd", "", "three");
    assertThat(odd).isInstanceOf(IngestResult.Accepted.class);
  }

  @Test
  void nulInAnyTextStoredIsAReplacementCharacterOnEveryStore() {
    // a form field, say: a profile name sent as "Ada%00"
    Account ada = site.accounts().find(EmailAddress.of("ada@example.com")).orElseThrow();
    site.accounts().setProfile(ada.id(), "Ada\0 Lovelace", java.time.ZoneId.of("UTC"));
    assertThat(site.accounts().find(EmailAddress.of("ada@example.com")).orElseThrow().displayName())
        .isEqualTo("Ada\uFFFD Lovelace");
  }

  @Test
  void threadingByReferencesGhostParentsAndSubject() {
    submit("ada@example.com", "root@x", "Plans", "", "root");
    submit(
        "grace@example.com",
        "c1@x",
        "Re: Plans",
        "References: <root@x>\r\nIn-Reply-To: <root@x>\r\n",
        "c1");
    // two replies to a message we never got share its topic
    submit("alan@example.com", "g1@x", "Re: Lost", "References: <lost@x>\r\n", "g1");
    submit("ada@example.com", "g2@x", "Re: Lost", "References: <lost@x>\r\n", "g2");
    // a reference loop (each names the other) terminates and lands in one topic
    submit("ada@example.com", "l1@x", "Loop", "References: <l2@x>\r\n", "l1");
    submit("grace@example.com", "l2@x", "Re: Loop", "References: <l1@x>\r\n", "l2");

    assertThat(post("c1@x").topicId()).isEqualTo(post("root@x").topicId());
    assertThat(post("c1@x").seq()).isEqualTo(2);
    assertThat(post("g2@x").topicId()).isEqualTo(post("g1@x").topicId());
    assertThat(post("l2@x").topicId()).isEqualTo(post("l1@x").topicId());
    assertThat(site.reader().topicCount(group.id())).isEqualTo(3);
  }

  @Test
  void manyConcurrentPostsAreAllCommittedInGroupsWithUniqueOrderInTheirTopic() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<IngestResult>> results = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      results.add(
          pool.submit(
              () ->
                  submit(
                      "ada@example.com",
                      "burst" + n + "@x",
                      "Re: Burst",
                      "References: <burst-root@x>\r\n",
                      "n" + n)));
    }
    Set<Long> posts = new HashSet<>();
    for (Future<IngestResult> r : results) {
      posts.add(((IngestResult.Accepted) r.get()).post().value());
    }
    pool.shutdown();

    assertThat(posts).hasSize(200);
    Post any = post("burst7@x");
    List<Post> topic = site.reader().posts(any.topicId());
    assertThat(topic).hasSize(200);
    assertThat(topic).extracting(Post::seq).doesNotHaveDuplicates();
    assertThat(site.reader().topic(any.topicId()).orElseThrow().postCount()).isEqualTo(200);
  }

  @Test
  void eachPostIsDistributedToTheOtherMembersOnceIntoTheCaptureMailbox() throws Exception {
    submit("ada@example.com", "dist@x", "Hello", "", "hi");
    await("two captured copies", Duration.ofSeconds(20), () -> site.capturedMail().count() == 2);
    await("the jobs to finish", Duration.ofSeconds(20), site.jobs()::idle);

    assertThat(site.capturedMail().latest(10))
        .extracting(e -> e.to())
        .containsExactlyInAnyOrder("grace@example.com", "alan@example.com");
    // The admin's list reads each copy's own From and To fields from the start of its bytes.
    assertThat(site.capturedMail().latest(10))
        .extracting(e -> e.headerFrom() + " | " + e.headerTo())
        .containsOnly("ada@example.com | news@lists.test");
  }

  @Test
  void mailTheWebQueuesIsKeptUntilItsJobHasSentItWithItsEnvelope() throws Exception {
    byte[] raw =
        ("From: Parley <noreply@lists.test>\r\nTo: ada@example.org\r\nSubject: Your link\r\n"
                + "Message-ID: <link1@lists.test>\r\n\r\nOpen it: \u00e9\r\n")
            .getBytes(StandardCharsets.UTF_8);
    site.outgoingMail()
        .queue(
            "link1@lists.test", "noreply@lists.test", List.of("ada@example.org", "bo@x.org"), raw);
    await(
        "the queued mail to be captured",
        Duration.ofSeconds(20),
        () ->
            site.capturedMail().latest(10).stream().anyMatch(e -> e.subject().equals("Your link")));
    await("the jobs to finish", Duration.ofSeconds(20), site.jobs()::idle);

    var mail =
        site.capturedMail().latest(10).stream()
            .filter(e -> e.subject().equals("Your link"))
            .toList();
    assertThat(mail).hasSize(1);
    assertThat(mail.get(0).from()).isEqualTo("noreply@lists.test");
    assertThat(mail.get(0).to()).isEqualTo("ada@example.org, bo@x.org");
    assertThat(site.capturedMail().raw(mail.get(0).id()).orElseThrow()).isEqualTo(raw);
    int kept =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM outgoing_mail").mapTo(Integer.class).one());
    assertThat(kept).as("a message the relay took is not kept").isZero();
  }

  @Test
  void aPoisonJobIsParkedWithItsErrorAndCanBeRedriven() throws Exception {
    site.jobs().enqueue("no-such-kind", "1", 3);
    await(
        "the job to be parked",
        Duration.ofSeconds(20),
        () -> site.jobs().count(JobState.PARKED) == 1);
    String error =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT last_error FROM jobs WHERE kind = 'no-such-kind'")
                        .mapTo(String.class)
                        .one());
    assertThat(error).contains("no handler");

    assertThat(site.jobs().redrive()).isEqualTo(1);
  }

  @Test
  void copiesGivenUpAfterTheirAttemptsAreQueuedAgainWithARelayJob() throws Exception {
    site.close();
    site = TestSites.open(dir, store()); // not started: no workers take the relay job below
    // a group of its own: on SQLite the store is the one the test began with
    group = TestSites.group(site, "relayed", "ada@example.com");
    IngestResult.Accepted a =
        (IngestResult.Accepted) submit("ada@example.com", "gone@x", "Hi", "", "one");
    site.db()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO outbound (post_id, group_id, recipient, state, attempts,"
                            + " last_error, created_at) VALUES (:p, :g, 'bob@example.com',"
                            + " 'expired', 120, 'gave up after 120 attempts: 451', 0)")
                    .bind("p", a.post().value())
                    .bind("g", group.id())
                    .execute());

    assertThat(site.distributor().requeueExpired()).isEqualTo(1);
    String copy =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT state || '|' || attempts FROM outbound"
                                + " WHERE recipient = 'bob@example.com'")
                        .mapTo(String.class)
                        .one());
    assertThat(copy).isEqualTo("queued|0");
    int relayJobs =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT COUNT(*) FROM jobs WHERE kind = 'relay'"
                                + " AND state = 'ready' AND payload LIKE :p")
                        .bind("p", a.post().value() + ":%")
                        .mapTo(Integer.class)
                        .one());
    assertThat(relayJobs).isEqualTo(1);
    assertThat(site.distributor().requeueExpired()).isZero();
  }

  @Test
  void concurrentClaimsNeverHandOutTheSameJobTwice() throws Exception {
    site.close();
    site = TestSites.open(dir, store()); // not started: no workers compete with the claims below
    for (int i = 0; i < 100; i++) {
      site.jobs().enqueue("test", Integer.toString(i), 3);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<Job>>> claims = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      claims.add(
          pool.submit(
              () -> {
                List<Job> mine = new ArrayList<>();
                List<Job> got;
                while (!(got = site.jobs().claim(7, Duration.ofMinutes(5))).isEmpty()) {
                  mine.addAll(got);
                }
                return mine;
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Job>> c : claims) {
      c.get().forEach(j -> all.add(j.id()));
    }
    pool.shutdown();
    assertThat(all).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void completeAllMarksTheRunningJobsItNamesDoneInOneGo() throws Exception {
    site.close();
    site = TestSites.open(dir, store()); // not started: no workers take the jobs below
    for (int i = 0; i < 5; i++) {
      site.jobs().enqueue("test", Integer.toString(i), 3);
    }
    List<Job> jobs = site.jobs().claim(5, Duration.ofMinutes(5));
    List<Long> ids = jobs.stream().map(Job::id).toList();
    assertThat(ids).hasSize(5);

    site.jobs().completeAll(ids.subList(0, 3));
    site.jobs().completeAll(List.of());
    assertThat(site.jobs().countsByState())
        .containsEntry(JobState.DONE, 3L)
        .containsEntry(JobState.RUNNING, 2L);

    // a job no longer running (retried, say) is not marked done by a late completion
    site.jobs().retry(jobs.get(3), "failed", Instant.now());
    site.jobs().completeAll(ids.subList(3, 5));
    assertThat(testJobs()).containsEntry(JobState.DONE, 4L).containsEntry(JobState.READY, 1L);
  }

  @Test
  void aJobWhoseLeaseRanOutIsClaimedAgainAndParkedAfterItsLastAttempt() throws Exception {
    site.close();
    site = TestSites.open(dir, store()); // not started: no workers take the job below
    site.jobs().enqueue("test", "lost", 2);
    Duration spent = Duration.ofMillis(-1); // a lease that has run out already: a dead worker's
    List<Job> first = site.jobs().claim(5, spent);
    assertThat(first).extracting(Job::attempts).containsExactly(1);
    List<Job> again = site.jobs().claim(5, spent);
    assertThat(again).extracting(Job::id).containsExactly(first.get(0).id());
    assertThat(again).extracting(Job::attempts).containsExactly(2);
    // the first run, whose lease ran out, no longer settles the job: only the run holding it does
    site.jobs().complete(first.get(0));
    site.jobs().retry(first.get(0), "late", Instant.now());
    site.jobs().park(first.get(0), "late");
    assertThat(site.jobs().countsByState())
        .containsEntry(JobState.RUNNING, 1L)
        .doesNotContainKey(JobState.DONE);
    // its last attempt's lease ran out too: parked, not handed out a third time
    assertThat(site.jobs().claim(5, Duration.ofMinutes(5))).isEmpty();
    assertThat(site.jobs().countsByState()).containsEntry(JobState.PARKED, 1L);
  }

  @Test
  void aJobEnqueuedClaimedIsNotClaimedAgainUntilItsLeaseRunsOutOrTheNodeRestarts()
      throws Exception {
    site.close();
    site = TestSites.open(dir, store()); // not started: nothing runs the jobs below
    Job held =
        site.db()
            .jdbi()
            .inTransaction(
                h -> site.jobs().enqueueClaimed(h, "test", "mine", 3, Duration.ofMinutes(5)));
    assertThat(held.attempts()).isEqualTo(1);
    assertThat(site.jobs().countsByState()).containsEntry(JobState.RUNNING, 1L);
    assertThat(site.jobs().claim(5, Duration.ofMinutes(5))).isEmpty();
    site.jobs().complete(held);
    assertThat(site.jobs().countsByState())
        .containsEntry(JobState.DONE, 1L)
        .doesNotContainKey(JobState.RUNNING);

    // one whose holder died: its lease runs out and another run claims it, as its second attempt
    Job lost =
        site.db()
            .jdbi()
            .inTransaction(
                h -> site.jobs().enqueueClaimed(h, "test", "lost", 3, Duration.ofMillis(-1)));
    assertThat(site.jobs().claim(5, Duration.ofMinutes(5)))
        .extracting(Job::id, Job::attempts)
        .containsExactly(tuple(lost.id(), 2));

    // and one whose process stopped: a restart of the embedded store puts it back in the queue
    Job stopped =
        site.db()
            .jdbi()
            .inTransaction(
                h -> site.jobs().enqueueClaimed(h, "test", "stopped", 3, Duration.ofMinutes(5)));
    assertThat(site.jobs().releaseRunning()).isEqualTo(2);
    assertThat(site.jobs().claim(5, Duration.ofMinutes(5)))
        .extracting(Job::id)
        .containsExactlyInAnyOrder(lost.id(), stopped.id());
  }

  @Test
  void enqueuingAJobWakesTheWorkersOnlyOnceItsTransactionHasCommitted() throws Exception {
    site.close();
    site = TestSites.open(dir, store()); // not started: the hook below is the only listener
    AtomicInteger wakes = new AtomicInteger();
    site.jobs().onEnqueued(wakes::incrementAndGet);

    site.db()
        .jdbi()
        .useTransaction(
            h -> {
              site.jobs().enqueue(h, "test", "committed", 3);
              assertThat(wakes.get()).as("not before the commit").isZero();
            });
    assertThat(wakes.get()).isEqualTo(1);

    assertThatThrownBy(
            () ->
                site.db()
                    .jdbi()
                    .useTransaction(
                        h -> {
                          site.jobs().enqueue(h, "test", "rolled back", 3);
                          throw new IllegalStateException("the change fails");
                        }))
        .hasMessage("the change fails");
    assertThat(wakes.get()).as("not for a rolled-back job").isEqualTo(1);
    assertThat(testJobs()).containsEntry(JobState.READY, 1L);
  }

  /**
   * The jobs of kind {@code test} that these tests enqueue, counted by state: the site's own (the
   * digest schedule's, which waits for the next midnight, on a store where it was not cleared) are
   * no business of theirs.
   */
  private Map<JobState, Long> testJobs() {
    Map<JobState, Long> byState = new java.util.EnumMap<>(JobState.class);
    site.db()
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT state, COUNT(*) AS n FROM jobs WHERE kind = 'test' GROUP BY state")
                    .map(
                        (rs, ctx) -> Map.entry(JobState.of(rs.getString("state")), rs.getLong("n")))
                    .forEach(e -> byState.put(e.getKey(), e.getValue())));
    return byState;
  }

  @Test
  void aChangeOfSettingsIsStoredWithItsAuditRowsInOneTransaction() {
    Account ada = site.accounts().find(EmailAddress.of("ada@example.com")).orElseThrow();
    GroupStore.Changed changed =
        site.groups()
            .change(
                group.id(),
                g -> g.withVisibility(Visibility.PRIVATE).withMaxBytes(1_000_000),
                new ChangedBy.SignedIn(ada.id()))
            .orElseThrow();
    assertThat(changed.changes())
        .extracting(GroupSetting.Change::setting)
        .containsExactly(GroupSetting.VISIBILITY, GroupSetting.MAX_SIZE);
    assertThat(site.groups().findById(group.id()).orElseThrow().maxBytes()).isEqualTo(1_000_000);
    site.groups()
        .change(group.id(), g -> g.withMaxBytes(2_000_000), new ChangedBy.CommandLine("root"));
    // An edit that changes nothing writes nothing.
    assertThat(site.groups().change(group.id(), g -> g, new ChangedBy.CommandLine("root")))
        .hasValueSatisfying(c -> assertThat(c.changes()).isEmpty());
    assertThat(site.groups().auditLog().latest(group.id(), 10))
        .extracting(e -> tuple(e.by(), e.setting(), e.before(), e.after()))
        .containsExactly(
            tuple(new ChangedBy.CommandLine("root"), "max-size", "1000000", "2000000"),
            tuple(new ChangedBy.SignedIn(ada.id()), "max-size", "26214400", "1000000"),
            tuple(new ChangedBy.SignedIn(ada.id()), "visibility", "public", "private"));
    // An edit that fails stores neither the change nor its audit rows.
    assertThatThrownBy(
            () ->
                site.groups()
                    .change(
                        group.id(),
                        g -> {
                          throw new IllegalStateException("the edit failed");
                        },
                        new ChangedBy.CommandLine("root")))
        .hasMessage("the edit failed");
    assertThat(site.groups().auditLog().latest(group.id(), 10)).hasSize(3);
    assertThat(site.groups().change(-1, g -> g, new ChangedBy.CommandLine("root"))).isEmpty();
  }

  @Test
  void addressesAreOneAccountWhateverTheirCase() {
    assertThat(site.accounts().find(EmailAddress.of("ADA@Example.com"))).isPresent();
    assertThatThrownBy(
            () -> site.accounts().create(EmailAddress.of("Ada@EXAMPLE.com"), "", null, false))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aMessageNobodyCanProcessIsKeptWithItsEnvelopeAndHeldAfterItsAttempts() throws Exception {
    Quarantine q = site.quarantine();
    byte[] raw = "Subject: boom\r\n\r\nHello.\r\n".getBytes(StandardCharsets.UTF_8);
    Submission s =
        new Submission(
            group.name(),
            raw,
            new Envelope("ada@example.com", List.of("news@lists.test", "x@lists.test"), "[::1]"),
            Source.SMTP);

    Quarantine.Entry first = q.record(s, group.id(), new IllegalStateException("one"));
    assertThat(first.held()).isFalse();
    assertThat(first.failures()).isEqualTo(1);
    assertThat(q.retriedKeys()).containsExactly(Quarantine.key(group.id(), BlobStore.sha256(raw)));
    Quarantine.Entry entry = first;
    for (int i = 2; i <= Quarantine.ATTEMPTS; i++) {
      entry = q.record(s, group.id(), new IllegalStateException("attempt " + i));
    }
    assertThat(entry.id()).isEqualTo(first.id());
    assertThat(entry.held()).isTrue();
    assertThat(entry.failures()).isEqualTo(Quarantine.ATTEMPTS);
    assertThat(entry.summary()).isEqualTo("java.lang.IllegalStateException: attempt 3");
    assertThat(entry.envelope().recipients()).containsExactly("news@lists.test", "x@lists.test");
    assertThat(entry.envelope().remote()).isEqualTo("[::1]");
    assertThat(q.raw(entry)).isEqualTo(raw);
    assertThat(q.heldCount()).isEqualTo(1);
    assertThat(q.retriedKeys()).isEmpty();
    q.passed(group.id(), BlobStore.sha256(raw));
    assertThat(q.list()).as("a held message waits for an operator").hasSize(1);

    // too large for the database: kept as a file, forced before the row
    byte[] big = new byte[BlobStore.INLINE_MAX + 1];
    java.util.Arrays.fill(big, (byte) 'x');
    Quarantine.Entry large =
        q.record(
            new Submission(group.name(), big, s.envelope(), Source.SMTP),
            group.id(),
            new StackOverflowError());
    assertThat(q.raw(large)).isEqualTo(big);
    q.passed(group.id(), BlobStore.sha256(big));
    assertThat(q.list()).extracting(Quarantine.Entry::id).containsExactly(entry.id());

    assertThat(q.remove(entry.id())).isTrue();
    assertThat(q.remove(entry.id())).isFalse();
    assertThat(q.list()).isEmpty();
  }

  @Test
  void aHeldMessageKeepsItsHitsAndTakesThemToItsPostWhenApproved() throws Exception {
    byte[] raw =
        ("From: zed@example.net\r\nTo: news@lists.test\r\nSubject: Outside\r\n"
                + "Message-ID: <zed@example.net>\r\n\r\nHello.\r\n")
            .getBytes(StandardCharsets.UTF_8);
    HeldMessages.Origin origin =
        new HeldMessages.Origin("zed@example.net", List.of("news@lists.test"), "[::1]", "smtp");
    List<RecordedHit> hits =
        List.of(
            new RecordedHit("nonmember-post", "zed@example.net is not a member."),
            new RecordedHit("sender-rate", "zed@example.net sends a lot."));
    HeldMessages.Held held =
        site.held().hold(group.id(), raw, origin, "zed@example.net", "Outside", hits);
    assertThat(held.hits()).isEqualTo(hits);
    assertThat(held.origin()).isEqualTo(origin);
    assertThat(site.held().raw(held)).isEqualTo(raw);
    // the same bytes held again are the same held message
    assertThat(site.held().hold(group.id(), raw, origin, "zed@example.net", "Outside", hits))
        .isEqualTo(held);
    assertThat(site.held().list(java.util.Optional.of(group.name()))).containsExactly(held);

    IngestResult approved = site.ingestor().approve(held.id());

    assertThat(approved).isInstanceOf(IngestResult.Accepted.class);
    long post = ((IngestResult.Accepted) approved).post().value();
    List<String> stored =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT rule_id FROM rule_hits WHERE post_id = :p ORDER BY idx")
                        .bind("p", post)
                        .mapTo(String.class)
                        .list());
    assertThat(stored).containsExactly("nonmember-post", "sender-rate");
    assertThat(site.held().list(java.util.Optional.empty())).isEmpty();
    assertThat(site.held().remove(held.id())).isFalse();
  }

  /**
   * The spam filter's finding (V24) is kept with a held message, shown from it, and taken to its
   * post when a moderator approves it, which is not handed to the filter again.
   */
  @Test
  void aHeldMessageKeepsItsSpamScoreAndTakesItToItsPost() throws Exception {
    byte[] raw =
        ("From: zed@example.net\r\nTo: news@lists.test\r\nSubject: Cheap\r\n"
                + "Message-ID: <cheap@example.net>\r\n\r\nBuy now.\r\n")
            .getBytes(StandardCharsets.UTF_8);
    HeldMessages.Origin origin =
        new HeldMessages.Origin("zed@example.net", List.of("news@lists.test"), "[::1]", "smtp");
    org.parley.spam.SpamScore score =
        new org.parley.spam.SpamScore(7.25, "rspamd 7.25 / 15, add header: BAYES_SPAM");
    HeldMessages.Held held =
        site.held()
            .hold(
                group.id(),
                raw,
                origin,
                "zed@example.net",
                "Cheap",
                List.of(
                    new RecordedHit("nonmember-post", "zed@example.net is not a member."),
                    new RecordedHit("spam-score", "scored 7.25")),
                java.util.Optional.of(score),
                "");
    assertThat(held.spam()).contains(score);
    assertThat(site.held().find(held.id()).orElseThrow().spam()).contains(score);

    long post = ((IngestResult.Accepted) site.ingestor().approve(held.id())).post().value();

    org.parley.spam.SpamScore stored =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT spam_score, spam_summary FROM posts WHERE id = :p")
                        .bind("p", post)
                        .map(
                            (rs, ctx) ->
                                new org.parley.spam.SpamScore(rs.getDouble(1), rs.getString(2)))
                        .one());
    assertThat(stored).isEqualTo(score);
    // a message no filter looked at keeps no score
    HeldMessages.Held plain =
        site.held()
            .hold(
                group.id(),
                "Subject: plain\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8),
                origin,
                "zed@example.net",
                "plain",
                List.of());
    assertThat(plain.spam()).isEmpty();
  }

  /**
   * An import started on a group's web page (the imports table, V20): its row and its job are
   * committed together, the job imports the folder's files and writes the summary, and the folder
   * is deleted.
   */
  @Test
  void anImportFromTheWebRunsAsAJobAndRecordsItsSummary() throws Exception {
    String folder = java.util.UUID.randomUUID().toString();
    Path upload = site.dataDir().resolve("imports").resolve(folder);
    java.nio.file.Files.createDirectories(upload);
    String mbox =
        "From a@example.org Mon Jan  5 10:00:00 2015\n"
            + "From: Ann <a@example.org>\nSubject: Old one\nMessage-ID: <old-1@example.org>\n\n"
            + "First.\n\n"
            + "From b@example.org Mon Jan  5 11:00:00 2015\n"
            + "From: Bob <b@example.org>\nSubject: Re: Old one\nMessage-ID: <old-2@example.org>\n"
            + "In-Reply-To: <old-1@example.org>\n\nSecond.\n";
    java.nio.file.Files.writeString(upload.resolve("001-old.mbox"), mbox);
    Account ada = site.accounts().find(EmailAddress.of("ada@example.com")).orElseThrow();
    long id =
        site.imports()
            .start(group.id(), ada.id().value(), folder, List.of("old.mbox"), mbox.length());
    await(
        "the import ends",
        Duration.ofSeconds(30),
        () -> site.imports().find(id).orElseThrow().state().ended());
    org.parley.imports.Imports.Import done = site.imports().find(id).orElseThrow();
    assertThat(done.state()).isEqualTo(org.parley.imports.Imports.State.DONE);
    assertThat(done.imported()).isEqualTo(2);
    assertThat(done.messagesDone()).isEqualTo(2);
    assertThat(done.fileNames()).containsExactly("old.mbox");
    assertThat(done.startedBy()).contains(ada.id().value());
    assertThat(done.finishedAt()).isPresent();
    assertThat(site.imports().ofGroup(group.id(), 10)).extracting(i -> i.id()).containsExactly(id);
    await(
        "the upload is deleted", Duration.ofSeconds(10), () -> !java.nio.file.Files.exists(upload));
  }
}
