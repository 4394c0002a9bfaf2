package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.archive.ArchiveReader;
import org.parley.archive.BlobStore;
import org.parley.archive.PostId;
import org.parley.db.Database;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.ReplyTo;
import org.parley.jobs.Job;
import org.parley.jobs.JobOutcomes;
import org.parley.jobs.JobQueue;
import org.parley.jobs.JobState;
import org.parley.jobs.PermanentJobFailure;
import org.parley.jobs.Workers;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.member.Role;
import org.parley.testkit.JobRows;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Distribution through real workers to a real SMTP relay: GreenMail receives the copies; a small
 * SubEthaSMTP server plays a relay that refuses one recipient.
 */
class DeliveryIT {
  private static final String DOMAIN = "lists.example.org";
  private static final String BASE_URL = "http://localhost:8080";

  @TempDir Path dir;
  private final Clock clock = Clock.systemUTC();
  private Database db;
  private BlobStore blobs;
  private ArchiveReader archive;
  private GroupStore groups;
  private AccountStore accounts;
  private MemberStore members;
  private JobQueue queue;
  private PostFixture posts;
  private Group group;
  private final List<AutoCloseable> closeLast = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() {
    db = Database.open("", dir);
    blobs = new BlobStore(dir.resolve("blobs"), db.jdbi());
    archive = new ArchiveReader(db.jdbi(), blobs);
    groups = new GroupStore(db.jdbi(), clock);
    accounts = new AccountStore(db.jdbi(), clock);
    members = new MemberStore(db.jdbi(), clock);
    queue = new JobQueue(db, clock);
    posts = new PostFixture(db, blobs);
    Group created = groups.create(new GroupName("news"), "News", "");
    groups.update(
        new Group(
            created.id(),
            created.name(),
            created.title(),
            created.description(),
            created.visibility(),
            created.posting(),
            created.joining(),
            "[news]",
            ReplyTo.GROUP,
            "You get this as a member of news.",
            created.showAddresses(),
            created.maxBytes(),
            created.createdAt()));
    group = groups.findById(created.id()).orElseThrow();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeLast.reversed()) {
      c.close();
    }
    db.close();
  }

  private Member member(String email, DeliveryMode delivery) {
    return members.add(
        group.id(), accounts.ensure(EmailAddress.of(email), "").id(), Role.MEMBER, delivery);
  }

  private RelayJob relayJob(Relay relay, Duration lease) {
    return new RelayJob(
        db,
        archive,
        groups,
        new Decorator(DOMAIN, BASE_URL),
        new Verp(DOMAIN),
        relay,
        clock,
        RelayJob.DEFAULT_MAX_ATTEMPTS,
        queue,
        lease);
  }

  private Workers workers(Relay relay) {
    RelayJob relayJob = relayJob(relay, Workers.LEASE);
    Workers w =
        new Workers(
            queue,
            new JobOutcomes(queue, clock, Duration.ofMillis(100)),
            List.of(new Distributor(db, queue, clock), relayJob),
            4);
    closeLast.add(w);
    w.start();
    return w;
  }

  private SmtpRelay smtpRelay(int port) {
    SmtpRelay relay = new SmtpRelay("127.0.0.1", port, DOMAIN, Duration.ofSeconds(5), 4);
    closeLast.add(relay);
    return relay;
  }

  private String state(PostId post, String recipient) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT state || '|' || attempts || '|' || COALESCE(last_error, '')"
                            + " FROM outbound WHERE post_id = :p AND recipient = :r")
                    .bind("p", post.value())
                    .bind("r", recipient)
                    .mapTo(String.class)
                    .findOne()
                    .orElse("none"));
  }

  private Job claimedDistributeJob(String payload) {
    return db.relaxed()
        .inTransaction(
            h -> queue.enqueueClaimed(h, Distributor.KIND, payload, 5, Duration.ofMinutes(5)));
  }

  private int outboundCount() {
    return db.jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbound").mapTo(Integer.class).one());
  }

  private static String header(MimeMessage m, String name) throws Exception {
    String[] values = m.getHeader(name);
    assertThat(values).as(name).isNotNull().hasSize(1);
    return MimeUtility.unfold(values[0]);
  }

  @Test
  void eachMemberGetsOneDecoratedCopyWithAVerpReturnPathAndNeverTwice() throws Exception {
    GreenMail relay = greenMail(freePort());
    closeLast.add(relay::stop);
    member("ALICE@alice.example", DeliveryMode.EACH); // the author
    Member bob = member("bob@bob.example", DeliveryMode.EACH);
    member("carol@carol.example", DeliveryMode.NONE);
    PostId post = posts.post(group.id(), "alice@Alice.example", "p1@alice.example", "Hi", "Hello");

    Workers w = workers(smtpRelay(relay.getSmtp().getPort()));
    queue.enqueue(Distributor.KIND, post.toString(), 5);
    w.wake();
    await("the copy to bob", Duration.ofSeconds(20), () -> relay.getReceivedMessages().length == 1);
    await("the jobs to finish", Duration.ofSeconds(20), queue::idle);

    MimeMessage[] toBob = inbox(relay, "bob@bob.example");
    assertThat(toBob).hasSize(1);
    assertThat(inbox(relay, "ALICE@alice.example")).isEmpty();
    assertThat(inbox(relay, "carol@carol.example")).isEmpty();
    MimeMessage m = toBob[0];
    assertThat(header(m, "Return-Path"))
        .isEqualTo("<news-bounces+" + bob.token() + "@" + DOMAIN + ">");
    assertThat(m.getMessageID()).isEqualTo("<p1@alice.example>");
    assertThat(m.getSubject()).isEqualTo("[news] Hi");
    assertThat(header(m, "List-Id")).isEqualTo("News <news." + DOMAIN + ">");
    assertThat(header(m, "List-Post")).isEqualTo("<mailto:news@" + DOMAIN + ">");
    assertThat(header(m, "List-Archive")).isEqualTo("<" + BASE_URL + "/g/news/>");
    assertThat(header(m, "List-Help")).isEqualTo("<" + BASE_URL + "/g/news/>");
    assertThat(header(m, "List-Subscribe")).isEqualTo("<" + BASE_URL + "/g/news/>");
    assertThat(header(m, "List-Unsubscribe"))
        .isEqualTo(
            "<"
                + BASE_URL
                + "/u/"
                + bob.token()
                + ">, <mailto:news-leave+"
                + bob.token()
                + "@"
                + DOMAIN
                + ">");
    assertThat(header(m, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
    assertThat(header(m, "Precedence")).isEqualTo("list");
    assertThat(header(m, "Reply-To")).isEqualTo("<news@" + DOMAIN + ">");
    assertThat((String) m.getContent())
        .startsWith("Hello\r\n")
        .contains("You get this as a member of news.");
    assertThat(state(post, "bob@bob.example")).startsWith("sent|1|");

    // Distributing the same post again sends nothing.
    queue.enqueue(Distributor.KIND, post.toString(), 5);
    w.wake();
    // idle: the distribute job is done and no relay job it could have made is waiting or running
    await("the second distribute job", Duration.ofSeconds(20), queue::idle);
    assertThat(relay.getReceivedMessages()).hasSize(1);
    assertThat(outboundCount()).isEqualTo(1);
  }

  @Test
  void aDistributeJobIsDoneInTheSameCommitThatRecordsItsCopies() throws Exception {
    member("bob@bob.example", DeliveryMode.EACH);
    PostId post = posts.post(group.id(), "alice@alice.example", "p7@alice.example", "Hi", "Hello");
    Job job = claimedDistributeJob(post.toString());

    new Distributor(db, queue, clock).run(job); // no worker around to mark it done

    assertThat(JobRows.state(db, job)).isEqualTo("done");
    assertThat(state(post, "bob@bob.example")).isEqualTo("queued|0|");
  }

  @Test
  void aDistributeJobNamingAMissingPostIsNotMarkedDoneButItsOtherPostsGetTheirCopies()
      throws Exception {
    member("bob@bob.example", DeliveryMode.EACH);
    PostId post = posts.post(group.id(), "alice@alice.example", "p8@alice.example", "Hi", "Hello");
    Job job = claimedDistributeJob(post + ",999999");

    assertThatThrownBy(() -> new Distributor(db, queue, clock).run(job))
        .isInstanceOf(PermanentJobFailure.class)
        .hasMessageContaining("999999");

    // still running, for the worker to park with that message
    assertThat(JobRows.state(db, job)).isEqualTo("running");
    assertThat(state(post, "bob@bob.example")).isEqualTo("queued|0|");
  }

  @Test
  void htmlAlternativeGetsTheFooterToo() throws Exception {
    GreenMail relay = greenMail(freePort());
    closeLast.add(relay::stop);
    member("bob@bob.example", DeliveryMode.EACH);
    byte[] raw;
    try (InputStream in = DeliveryIT.class.getResourceAsStream("/delivery/alternative.eml")) {
      raw = in.readAllBytes();
    }
    PostId post = posts.post(group.id(), "carol@example.com", "alt-1@example.com", "Rich", raw);

    Workers w = workers(smtpRelay(relay.getSmtp().getPort()));
    queue.enqueue(Distributor.KIND, post.toString(), 5);
    w.wake();
    await("the copy", Duration.ofSeconds(20), () -> relay.getReceivedMessages().length == 1);

    MimeMessage m = relay.getReceivedMessages()[0];
    jakarta.mail.Multipart mp = (jakarta.mail.Multipart) m.getContent();
    assertThat((String) mp.getBodyPart(0).getContent())
        .contains("You get this as a member of news.");
    assertThat((String) mp.getBodyPart(1).getContent())
        .contains("<div class=\"parley-footer\"><hr>You get this as a member of news.</div>");
    assertThat(m.getMessageID()).isEqualTo("<alt-1@example.com>");
  }

  /**
   * A batch that takes longer than its job's lease (a slow relay) renews the lease as it goes, so
   * the dispatcher never takes the job for abandoned and sends the same copies a second time.
   */
  @Tag("slow") // seconds of a slow relay must pass
  @Test
  void aBatchThatOutlastsItsLeaseKeepsItAndEachCopyGoesOnce() throws Exception {
    // the smarthost is outside this machine: here, one that takes 100 ms a copy (3 s in all)
    slowRelayKeepsItsLease(30, copy -> 100);
  }

  /**
   * One copy alone may outlast the lease: a smarthost may take minutes to answer the final dot (RFC
   * 5321 §4.5.3.2.6 gives it 10). The lease is kept while the copy is under way.
   */
  @Tag("slow") // seconds of a slow relay must pass
  @Test
  void aCopyThatOutlastsTheLeaseKeepsItToo() throws Exception {
    slowRelayKeepsItsLease(3, copy -> copy == 0 ? 2_000 : 10);
  }

  /**
   * Through a slow smarthost, what was sent is recorded every second, not only every 250 copies, so
   * a crash in the middle re-sends at most a second's worth.
   */
  @Tag("slow") // seconds of a slow relay must pass
  @Test
  void copiesSentThroughASlowRelayAreRecordedWithinASecond() throws Exception {
    for (int i = 0; i < 8; i++) {
      member("m" + i + "@members.example", DeliveryMode.EACH);
    }
    PostId post = posts.post(group.id(), "alice@alice.example", "tick@alice.example", "Tick", "x");
    new Distributor(db, queue, clock).run(claimedDistributeJob(post.toString()));
    CountDownLatch lastCopyMayGo = new CountDownLatch(1);
    AtomicInteger handed = new AtomicInteger();
    Relay slow =
        (from, rcpt, message) -> {
          try {
            if (handed.incrementAndGet() == 8) {
              // the batch cannot finish (and flush at its end) before the test has looked
              lastCopyMayGo.await();
            } else {
              Thread.sleep(400); // a slow smarthost: the time passing is the point
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    List<Job> claimed = queue.claim(10, Workers.LEASE);
    RelayJob relayJob = relayJob(slow, Workers.LEASE);
    Thread run = inBackground(relayJob, claimed.get(0));
    try {
      // 7 copies take 2.8 s, and the batch is held before the 8th: only a flush on the way shows
      await(
          "a copy recorded while the batch is under way",
          Duration.ofSeconds(20),
          () -> sentCount(post) > 0);
      assertThat(run.isAlive()).as("the batch is still under way").isTrue();
    } finally {
      lastCopyMayGo.countDown();
    }
    run.join();
    assertThat(sentCount(post)).isEqualTo(8);
  }

  /** Runs the relay job on a thread of its own, as a worker would. */
  private static Thread inBackground(RelayJob relayJob, Job job) {
    return Thread.ofPlatform()
        .start(
            () -> {
              try {
                relayJob.run(job);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  private int sentCount(PostId post) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM outbound WHERE post_id = :p AND state = 'sent'")
                    .bind("p", post.value())
                    .mapTo(Integer.class)
                    .one());
  }

  private void slowRelayKeepsItsLease(int members, java.util.function.IntUnaryOperator millisFor)
      throws Exception {
    for (int i = 0; i < members; i++) {
      member("m" + i + "@members.example", DeliveryMode.EACH);
    }
    PostId post = posts.post(group.id(), "alice@alice.example", "slow@alice.example", "Slow", "x");
    new Distributor(db, queue, clock).run(claimedDistributeJob(post.toString()));
    Duration lease = Duration.ofMillis(600);
    List<String> got = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Relay slow =
        (from, rcpt, message) -> {
          try {
            // a slow smarthost: the time passing, longer than the lease, is the point
            Thread.sleep(millisFor.applyAsInt(got.size()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          got.addAll(rcpt);
        };
    RelayJob relayJob = relayJob(slow, lease);
    List<Job> claimed = queue.claim(10, lease);
    assertThat(claimed).extracting(Job::kind).containsExactly(RelayJob.KIND);

    Thread run = inBackground(relayJob, claimed.get(0));
    // a dispatcher looks for abandoned jobs all along, until the batch is done
    List<Job> takenAgain = new java.util.ArrayList<>();
    await(
        "the batch",
        Duration.ofSeconds(30),
        () -> {
          takenAgain.addAll(queue.claim(10, lease));
          return !run.isAlive();
        });
    run.join();

    assertThat(takenAgain).as("claimed again while its run went on").isEmpty();
    assertThat(got).hasSize(members).doesNotHaveDuplicates();
    assertThat(state(post, "m0@members.example")).startsWith("sent|");
  }

  /**
   * A copy the relay failed only temporarily, attempt after attempt, is given up in the end, but
   * kept apart from those refused for good: {@code parley redrive} sends it once the relay works.
   */
  @Test
  void aCopyGivenUpAfterItsAttemptsGoesOutWhenRedrivenAndARefusedOneDoesNot() throws Exception {
    member("bob@bob.example", DeliveryMode.EACH);
    member("gone@gone.example", DeliveryMode.EACH);
    PostId post = posts.post(group.id(), "alice@alice.example", "p9@alice.example", "Down", "x");
    new Distributor(db, queue, clock).run(claimedDistributeJob(post.toString()));
    Relay down =
        (from, rcpt, message) -> {
          if (rcpt.contains("gone@gone.example")) {
            throw RelayException.ofReply(550, "5.1.1 no such user", null);
          }
          throw RelayException.ofReply(451, "4.3.0 try again later", null);
        };
    RelayJob lastAttempt =
        new RelayJob(
            db,
            archive,
            groups,
            new Decorator(DOMAIN, BASE_URL),
            new Verp(DOMAIN),
            down,
            clock,
            1,
            queue,
            Workers.LEASE);
    List<Job> claimed = queue.claim(10, Workers.LEASE);
    assertThat(claimed).extracting(Job::kind).containsExactly(RelayJob.KIND);
    lastAttempt.run(claimed.get(0)); // nothing deferred: the one attempt was the last
    queue.complete(claimed.get(0));
    assertThat(state(post, "bob@bob.example")).startsWith("expired|1|gave up after 1 attempts");
    assertThat(state(post, "gone@gone.example")).startsWith("failed|1|550 ");

    assertThat(new Distributor(db, queue, clock).requeueExpired()).isEqualTo(1);
    assertThat(state(post, "bob@bob.example")).isEqualTo("queued|0|");
    List<String> got = new java.util.ArrayList<>();
    // the refusal queued its notice to the author and owners (once); the redrive, a relay job
    List<Job> again = queue.claim(10, Workers.LEASE);
    assertThat(again)
        .extracting(Job::kind)
        .containsExactlyInAnyOrder(RefusalNotice.KIND, RelayJob.KIND);
    Job relay = again.stream().filter(j -> j.kind().equals(RelayJob.KIND)).findFirst().get();
    relayJob((from, rcpt, message) -> got.addAll(rcpt), Workers.LEASE).run(relay);
    assertThat(got).containsExactly("bob@bob.example");
    assertThat(state(post, "bob@bob.example")).startsWith("sent|1|");
    assertThat(state(post, "gone@gone.example")).startsWith("failed|1|550 ");
  }

  @Test
  void aTemporaryRelayFailureIsRetriedAndDeliveredLater() throws Exception {
    int port = freePort();
    member("bob@bob.example", DeliveryMode.EACH);
    PostId post = posts.post(group.id(), "alice@alice.example", "p2@alice.example", "Later", "x");

    Workers w = workers(smtpRelay(port)); // nothing listens there yet
    queue.enqueue(Distributor.KIND, post.toString(), 5);
    w.wake();
    await(
        "a failed attempt",
        Duration.ofSeconds(20),
        () -> state(post, "bob@bob.example").matches("queued\\|[1-9]\\d*\\|.+"));

    GreenMail relay = greenMail(port);
    closeLast.add(relay::stop);
    await(
        "the retried copy", Duration.ofSeconds(20), () -> relay.getReceivedMessages().length == 1);
    await("the jobs to finish", Duration.ofSeconds(20), queue::idle);
    assertThat(inbox(relay, "bob@bob.example")).hasSize(1);
    assertThat(state(post, "bob@bob.example")).startsWith("sent|");
  }

  @Test
  void aPermanentRefusalFailsThatRecipientOnly() throws Exception {
    Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    SMTPServer server =
        SMTPServer.port(freePort())
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("relay.test")
            .messageHandlerFactory(
                ctx ->
                    new MessageHandler() {
                      private final List<String> rcpts = new java.util.ArrayList<>();

                      @Override
                      public void from(String from) {}

                      @Override
                      public void recipient(String recipient) throws RejectException {
                        if (recipient.startsWith("gone@")) {
                          throw new RejectException(550, "5.1.1 <" + recipient + ">: no such user");
                        }
                        rcpts.add(recipient);
                      }

                      @Override
                      public String data(InputStream data) throws IOException {
                        data.readAllBytes();
                        for (String r : rcpts) {
                          delivered.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                      }

                      @Override
                      public void done() {}
                    })
            .build();
    server.start();
    closeLast.add(server::stop);
    member("bob@bob.example", DeliveryMode.EACH);
    member("gone@gone.example", DeliveryMode.EACH);
    member("dave@dave.example", DeliveryMode.EACH);
    PostId post = posts.post(group.id(), "alice@alice.example", "p3@alice.example", "Some", "x");

    Workers w = workers(smtpRelay(server.getPortAllocated()));
    queue.enqueue(Distributor.KIND, post.toString(), 5);
    w.wake();
    await("the jobs to finish", Duration.ofSeconds(20), () -> queue.count(JobState.DONE) == 2);

    assertThat(delivered).containsOnlyKeys("bob@bob.example", "dave@dave.example");
    assertThat(delivered.values()).allMatch(n -> n.get() == 1);
    assertThat(state(post, "gone@gone.example"))
        .startsWith("failed|1|550 ")
        .contains("no such user");
    assertThat(state(post, "bob@bob.example")).startsWith("sent|1|");
    assertThat(state(post, "dave@dave.example")).startsWith("sent|1|");
  }

  /** A copy the relay got: its envelope sender and bytes. */
  private record Got(String mailFrom, byte[] raw) {}

  /** A relay that refuses, at RCPT for good, every address starting with "gone". */
  private SMTPServer refusingRelay(Map<String, List<Got>> got) {
    SMTPServer server =
        SMTPServer.port(freePort())
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("relay.test")
            .messageHandlerFactory(
                ctx ->
                    new MessageHandler() {
                      private final List<String> rcpts = new java.util.ArrayList<>();
                      private String from;

                      @Override
                      public void from(String from) {
                        this.from = from;
                      }

                      @Override
                      public void recipient(String recipient) throws RejectException {
                        if (recipient.startsWith("gone")) {
                          throw new RejectException(550, "5.1.1 <" + recipient + ">: no such user");
                        }
                        rcpts.add(recipient);
                      }

                      @Override
                      public String data(InputStream data) throws IOException {
                        byte[] raw = data.readAllBytes();
                        for (String r : rcpts) {
                          got.computeIfAbsent(
                                  r, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                              .add(new Got(from, raw));
                        }
                        return null;
                      }

                      @Override
                      public void done() {}
                    })
            .build();
    server.start();
    closeLast.add(server::stop);
    return server;
  }

  /**
   * Issue 16, item 15: copies refused for good are not left to a log line. The author and the
   * group's owners get one notice for the post (not one per member or per batch), saying how many
   * members' copies were refused and the relay's reply, from the group's bounce address and marked
   * as automatic so that nothing answers it.
   */
  @Test
  void a7CopiesRefusedForGoodAreToldOnceToTheAuthorAndTheOwners() throws Exception {
    Map<String, List<Got>> got = new ConcurrentHashMap<>();
    SMTPServer server = refusingRelay(got);
    member("bob@bob.example", DeliveryMode.EACH);
    member("gone1@gone.example", DeliveryMode.EACH);
    member("gone2@gone.example", DeliveryMode.EACH);
    members.add(
        group.id(),
        accounts.ensure(EmailAddress.of("olive@owner.example"), "").id(),
        Role.OWNER,
        DeliveryMode.NONE);
    PostId post =
        posts.post(group.id(), "alice@alice.example", "p9@alice.example", "Too much", "x");

    SmtpRelay relay = smtpRelay(server.getPortAllocated());
    OwnerMail ownerMail = new OwnerMail(blobs, queue, groups, members, accounts, relay, DOMAIN);
    Workers w =
        new Workers(
            queue,
            new JobOutcomes(queue, clock, Duration.ofMillis(100)),
            List.of(
                // one copy per relay job: the refusals come in two batches
                new Distributor(db, queue, clock, 1),
                relayJob(relay, Workers.LEASE),
                new RefusalNotice(db, archive, groups, ownerMail, relay, queue, DOMAIN)),
            4);
    closeLast.add(w);
    w.start();
    queue.enqueue(Distributor.KIND, post.toString(), 5);
    w.wake();
    await("the notice", Duration.ofSeconds(20), () -> got.containsKey("olive@owner.example"));
    await("the jobs to finish", Duration.ofSeconds(20), queue::idle);

    assertThat(got.get("bob@bob.example")).hasSize(1);
    assertThat(got.get("alice@alice.example")).hasSize(1);
    assertThat(got.get("olive@owner.example")).hasSize(1);
    Got notice = got.get("alice@alice.example").get(0);
    assertThat(notice.mailFrom()).isEqualTo("news-bounces@" + DOMAIN);
    MimeMessage m =
        new MimeMessage(
            jakarta.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(notice.raw()));
    assertThat(header(m, "Auto-Submitted")).isEqualTo("auto-replied");
    assertThat(header(m, "Reply-To")).isEqualTo("news-owner@" + DOMAIN);
    assertThat(m.getSubject()).isEqualTo("Not delivered to 2 members: Too much");
    String text = ((String) m.getContent()).replace("\r\n", "\n");
    assertThat(text)
        .contains("refused 2 members' copy")
        .contains("550 5.1.1 <(a member)>: no such user")
        .contains("(2 copies)")
        // the author is not shown the members' addresses
        .doesNotContain("gone1@")
        .doesNotContain("gone2@");
    int notices =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM jobs WHERE kind = :k")
                        .bind("k", RefusalNotice.KIND)
                        .mapTo(Integer.class)
                        .one());
    assertThat(notices).isEqualTo(1);
  }
}
