package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import org.parley.jobs.Job;
import org.parley.jobs.JobQueue;
import org.parley.member.DeliveryMode;
import org.parley.member.MemberStore;
import org.parley.member.Role;

/**
 * Distribution and relaying with no relay configured: copies land in {@code captured_mail}. The
 * jobs are run by hand, one after the other, so no thread or socket is involved.
 */
class CaptureRelayTest {
  @TempDir Path dir;
  private Database db;
  private JobQueue queue;
  private Distributor distributor;
  private RelayJob relayJob;
  private CapturedMail captured;
  private PostFixture posts;
  private Group group;
  private MemberStore members;
  private AccountStore accounts;

  @BeforeEach
  void setUp() {
    Clock clock = Clock.systemUTC();
    db = Database.open("", dir);
    BlobStore blobs = new BlobStore(dir.resolve("blobs"), db.jdbi());
    ArchiveReader archive = new ArchiveReader(db.jdbi(), blobs);
    GroupStore groups = new GroupStore(db.jdbi(), clock);
    accounts = new AccountStore(db.jdbi(), clock);
    members = new MemberStore(db.jdbi(), clock);
    queue = new JobQueue(db, clock);
    group = groups.create(new GroupName("news"), "News", "");
    distributor = new Distributor(db, queue, clock, 2);
    relayJob =
        new RelayJob(
            db,
            archive,
            groups,
            new Decorator("lists.example.org", "http://localhost:8080"),
            new Verp("lists.example.org"),
            new CaptureRelay(db, clock),
            clock,
            queue);
    captured = new CapturedMail(db);
    posts = new PostFixture(db, blobs);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private void member(String email, DeliveryMode delivery) {
    members.add(
        group.id(), accounts.ensure(EmailAddress.of(email), "").id(), Role.MEMBER, delivery);
  }

  /** Runs every due job by hand until none is left; returns how many ran. */
  private int drain() throws Exception {
    int ran = 0;
    for (List<Job> jobs = queue.claim(10, Duration.ofMinutes(1));
        !jobs.isEmpty();
        jobs = queue.claim(10, Duration.ofMinutes(1))) {
      for (Job job : jobs) {
        (job.kind().equals(Distributor.KIND) ? distributor : relayJob).run(job);
        queue.complete(job);
        ran++;
      }
    }
    return ran;
  }

  @Test
  void copiesAreCapturedAndListedAndDistributionIsIdempotent() throws Exception {
    member("author@example.com", DeliveryMode.EACH);
    member("b@example.com", DeliveryMode.EACH);
    member("c@example.com", DeliveryMode.EACH);
    member("d@example.com", DeliveryMode.EACH);
    member("digest@example.com", DeliveryMode.DIGEST);
    PostId post = posts.post(group.id(), "Author@Example.com", "p1@example.com", "Hi", "Body");

    queue.enqueue(Distributor.KIND, post.toString(), 5);
    assertThat(drain()).isEqualTo(1 + 2); // distribute, then 3 copies in batches of 2

    assertThat(captured.count()).isEqualTo(3);
    List<CapturedMail.Entry> latest = captured.latest(10);
    assertThat(latest)
        .extracting(CapturedMail.Entry::to)
        .containsExactly("d@example.com", "c@example.com", "b@example.com");
    assertThat(latest).extracting(CapturedMail.Entry::subject).containsOnly("[news] Hi");
    assertThat(latest.getFirst().from()).startsWith("news-bounces+").endsWith("@lists.example.org");
    String raw =
        new String(captured.raw(latest.getFirst().id()).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(raw).contains("List-Id: News <news.lists.example.org>").contains("\r\n\r\nBody");

    queue.enqueue(Distributor.KIND, post.toString(), 5);
    assertThat(drain()).isEqualTo(1); // nothing new to relay
    assertThat(captured.count()).isEqualTo(3);
  }

  @Test
  void authorWithSelfCopyGetsTheirOwnPost() throws Exception {
    member("author@example.com", DeliveryMode.EACH);
    members.setSelfCopy(
        group.id(), accounts.find(EmailAddress.of("author@example.com")).orElseThrow().id(), true);
    PostId post = posts.post(group.id(), "author@example.com", "p2@example.com", "Mine", "Body");

    queue.enqueue(Distributor.KIND, post.toString(), 5);
    drain();

    assertThat(captured.latest(10))
        .extracting(CapturedMail.Entry::to)
        .containsExactly("author@example.com");
  }
}
