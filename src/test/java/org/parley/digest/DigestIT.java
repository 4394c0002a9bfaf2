package org.parley.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.account.Passwords;
import org.parley.app.Site;
import org.parley.archive.PostId;
import org.parley.cli.Cli;
import org.parley.group.ChangedBy;
import org.parley.group.DigestPeriod;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Visibility;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.mime.HeaderText;
import org.parley.testkit.PythonEmail;
import org.parley.testkit.RelaySink;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestClock;
import org.parley.testkit.TestSites;

/**
 * Issue 19, item 1: members on {@code digest} or {@code abridged} get one mail per period with the
 * period's posts, sent when the period ends (the site's clock moved past midnight, UTC), once, even
 * when the digest's job runs again or the site stops and starts; posts come in over real SMTP and
 * what the site sends is read from its captured mail.
 */
class DigestIT {
  /** A Tuesday morning. */
  static final Instant TUESDAY = Instant.parse("2026-03-03T08:00:00Z");

  @TempDir Path dir;
  final TestClock clock = new TestClock(TUESDAY);
  Site site;

  @AfterEach
  void tearDown() {
    if (site != null) {
      site.close();
    }
  }

  Site open() {
    site = Site.open(TestSites.settings(dir, Map.of()), clock, new Passwords(1024, 1)).start();
    return site;
  }

  Group news() {
    Group g = site.groups().create(new GroupName("news"), "News", "", Visibility.PUBLIC);
    member(g, "ada@example.com", DeliveryMode.NONE);
    return g;
  }

  Account member(Group g, String email, DeliveryMode mode) {
    Account a = site.accounts().ensure(EmailAddress.of(email), "");
    site.members().add(g.id(), a.id(), Role.MEMBER, mode);
    return a;
  }

  /** Posts over real SMTP from ada; the site must take it. */
  void post(String messageId, String subject, String body) throws Exception {
    String raw =
        "From: Ada <ada@example.com>\r\nTo: news@lists.test\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + messageId
            + ">\r\nDate: Tue, 3 Mar 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + body
            + "\r\n";
    try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
      SmtpClient.Reply reply =
          smtp.send(
              "ada@example.com", List.of("news@lists.test"), raw.getBytes(StandardCharsets.UTF_8));
      assertThat(reply.ok()).as(reply.toString()).isTrue();
    }
  }

  /** The messages the site sent to {@code address}, oldest first. */
  List<byte[]> mailTo(String address) {
    return site.db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT raw FROM captured_mail WHERE rcpt_to = :a ORDER BY id")
                    .bind("a", address)
                    .mapTo(byte[].class)
                    .list());
  }

  int digestsIn(String state) {
    return site.db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM digests WHERE state = :s")
                    .bind("s", state)
                    .mapTo(Integer.class)
                    .one());
  }

  int jobs(String kind, String state) {
    return site.db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM jobs WHERE kind = :k AND state = :s")
                    .bind("k", kind)
                    .bind("s", state)
                    .mapTo(Integer.class)
                    .one());
  }

  /** Waits until every job due has run and nothing waits to be sent. */
  void settle() {
    RelaySink.await(
        "every due job has run",
        Duration.ofSeconds(30),
        () -> site.jobs().idle() && digestsIn("queued") == 0);
  }

  /**
   * Waits for the jobs under way (a jump of the clock past their lease would make them look
   * abandoned, and run them twice), moves the clock to {@code t} and waits for the jobs that fall
   * due.
   */
  void moveTo(Instant t) {
    settle();
    clock.advance(Duration.between(clock.instant(), t));
    settle();
  }

  static String subject(byte[] raw) {
    return HeaderText.field(raw, "Subject");
  }

  @Test
  void thirtyPostsInADayMakeOneDigestForEachDigestMemberAndNothingOneByOne() throws Exception {
    open();
    Group g = news();
    member(g, "each@example.com", DeliveryMode.EACH);
    member(g, "dora@example.com", DeliveryMode.DIGEST);
    member(g, "abe@example.com", DeliveryMode.ABRIDGED);
    member(g, "nona@example.com", DeliveryMode.NONE);
    Account muter = member(g, "mute@example.com", DeliveryMode.DIGEST);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      ids.add("<post" + i + "@example.com>");
      // the first five start a topic each; the rest reply to them, by subject as a reader would
      post(
          "post" + i + "@example.com",
          (i > 5 ? "Re: " : "") + "Topic " + (i % 5),
          "Words of post " + i + ".");
      moveTo(clock.instant().plus(Duration.ofMinutes(10)));
    }
    post("gone@example.com", "Withdrawn", "A post that is removed before the digest.");
    settle();
    long removed =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT id FROM posts WHERE message_id = 'gone@example.com'")
                        .mapTo(Long.class)
                        .one());
    assertThat(
            site.removals()
                .remove(g.id(), new PostId(removed), new ChangedBy.CommandLine("test"), "spam"))
        .isPresent();
    long mutedTopic =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT topic_id FROM posts WHERE message_id = 'post5@example.com'")
                        .mapTo(Long.class)
                        .one());
    site.db()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO member_topics (group_id, account_id, topic_id, choice, set_at)"
                        + " VALUES (?, ?, ?, 'mute', 0)",
                    g.id(),
                    muter.id().value(),
                    mutedTopic));
    assertThat(mailTo("dora@example.com")).as("nothing before the day ends").isEmpty();

    moveTo(Instant.parse("2026-03-04T00:00:30Z"));

    // the member on "each" got every post one by one (and the removed one, sent before removal)
    assertThat(mailTo("each@example.com").stream().map(DigestIT::subject).toList())
        .filteredOn(subject -> subject.contains("Topic "))
        .hasSize(30);
    assertThat(mailTo("nona@example.com")).isEmpty();
    assertThat(mailTo("ada@example.com")).isEmpty();

    List<byte[]> dora = mailTo("dora@example.com");
    assertThat(dora).hasSize(1);
    byte[] digest = dora.get(0);
    assertThat(subject(digest)).isEqualTo("News digest, Tue, 3 Mar 2026, 30 messages");
    Mime4jDigest read = Mime4jDigest.read(digest);
    assertThat(read.partTypes()).containsExactly("text/plain", "multipart/digest", "text/plain");
    assertThat(read.messageIds()).containsExactlyElementsOf(ids);
    assertThat(read.contents()).contains("Today's Topics:").contains("30. Re: Topic 0 (Ada)");
    // the signed link to her own settings, which works without signing in, as a copy's footer has
    assertThat(read.footer()).containsPattern("/g/news/me\\?k=[0-9a-f]{32}\\.[0-9]{10}\\.");
    JsonNode python = PythonEmail.walk(digest);
    assertThat(python.get("defects")).isEmpty();
    List<String> pythonIds = new ArrayList<>();
    python
        .get("parts")
        .forEach(
            p -> {
              if (p.get("type").asText().equals("message/rfc822")) {
                pythonIds.add(p.get("message_id").asText());
              }
            });
    assertThat(pythonIds).containsExactlyElementsOf(ids);
    String envelope =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT mail_from FROM captured_mail WHERE rcpt_to ="
                                + " 'dora@example.com'")
                        .mapTo(String.class)
                        .one());
    assertThat(envelope).startsWith("news-bounces+").endsWith("@lists.test");

    // the muted topic (posts 5, 10, … 30) is left out of that member's digest
    List<byte[]> muted = mailTo("mute@example.com");
    assertThat(muted).hasSize(1);
    List<String> mutedIds = Mime4jDigest.read(muted.get(0)).messageIds();
    assertThat(mutedIds).hasSize(24).doesNotContain("<post5@example.com>", "<post30@example.com>");

    List<byte[]> abe = mailTo("abe@example.com");
    assertThat(abe).hasSize(1);
    PythonEmail.Reading summary = PythonEmail.read(abe.get(0));
    assertThat(summary.defects()).isEmpty();
    assertThat(summary.header("Subject")).isEqualTo("News summary, Tue, 3 Mar 2026, 30 messages");
    String text = summary.text().replace("\r\n", "\n");
    for (int i = 1; i <= 30; i++) {
      assertThat(text).contains("Words of post " + i + ".");
    }
    assertThat(text).doesNotContain("removed before the digest").contains("/g/news/t/");

    // the next day without posts sends nothing more
    moveTo(Instant.parse("2026-03-05T00:00:30Z"));
    assertThat(mailTo("dora@example.com")).hasSize(1);
    assertThat(mailTo("abe@example.com")).hasSize(1);
  }

  @Test
  void aWeeklyGroupSendsItsDigestOnMonday() throws Exception {
    open();
    Group g = news();
    site.groups().update(g.edit().digestPeriod(DigestPeriod.WEEKLY).build());
    member(g, "dora@example.com", DeliveryMode.DIGEST);
    post("w1@example.com", "Tuesday", "On Tuesday.");
    moveTo(Instant.parse("2026-03-05T12:00:00Z"));
    post("w2@example.com", "Thursday", "On Thursday.");
    moveTo(Instant.parse("2026-03-08T23:59:00Z"));
    assertThat(mailTo("dora@example.com")).as("not before the week ends").isEmpty();

    moveTo(Instant.parse("2026-03-09T00:00:30Z"));

    List<byte[]> dora = mailTo("dora@example.com");
    assertThat(dora).hasSize(1);
    assertThat(subject(dora.get(0)))
        .isEqualTo("News digest, Tue, 3 Mar 2026 to Sun, 8 Mar 2026, 2 messages");
    assertThat(Mime4jDigest.read(dora.get(0)).messageIds())
        .containsExactly("<w1@example.com>", "<w2@example.com>");
  }

  @Test
  void aDigestJobRunAgainOrASiteRestartedSendsNoSecondDigest() throws Exception {
    open();
    Group g = news();
    member(g, "dora@example.com", DeliveryMode.DIGEST);
    post("r1@example.com", "Restart", "Before the stop.");
    settle();
    site.close();
    site = null;

    // the site was down at midnight: the schedule's job, past due, runs at the next start
    clock.advance(Duration.between(clock.instant(), Instant.parse("2026-03-04T06:00:00Z")));
    open();
    settle();
    assertThat(mailTo("dora@example.com")).hasSize(1);

    // as if the worker died after its commit but before the job was settled: the job runs again
    // at the next start, finds the digest sent, and sends nothing
    site.db()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE jobs SET state = 'running', locked_until = 0 WHERE kind = ?",
                    DigestJob.KIND));
    site.close();
    site = null;
    open();
    settle();
    assertThat(jobs(DigestJob.KIND, "done")).isEqualTo(1);
    assertThat(mailTo("dora@example.com")).hasSize(1);
    assertThat(digestsIn("sent")).isEqualTo(1);

    // restarts leave one schedule waiting, not one more each time
    assertThat(jobs(DigestSchedule.KIND, "ready")).isEqualTo(1);
  }

  @Test
  void aDigestOverTheGroupsSizeLimitIsSplitIntoParts() throws Exception {
    open();
    Group g = news();
    site.groups().update(g.withMaxBytes(16 * 1024));
    member(g, "dora@example.com", DeliveryMode.DIGEST);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      ids.add("<big" + i + "@example.com>");
      post("big" + i + "@example.com", "Long post " + i, ("Lorem ipsum " + i + " ").repeat(300));
    }

    moveTo(Instant.parse("2026-03-04T00:00:30Z"));

    // the parts are queued together and may reach the relay in any order
    List<byte[]> parts = new ArrayList<>(mailTo("dora@example.com"));
    parts.sort(
        java.util.Comparator.comparing(
            raw -> Integer.parseInt(subject(raw).replaceAll(".*\\(part (\\d+) of.*", "$1"))));
    assertThat(parts.size()).isGreaterThan(1);
    List<String> all = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      assertThat(parts.get(i).length).isLessThanOrEqualTo(16 * 1024);
      assertThat(subject(parts.get(i))).endsWith("(part " + (i + 1) + " of " + parts.size() + ")");
      all.addAll(Mime4jDigest.read(parts.get(i)).messageIds());
    }
    assertThat(all).containsExactlyElementsOf(ids);
  }

  @Test
  void theCommandLineSendsThePendingDigestsNow() throws Exception {
    open();
    Group g = news();
    member(g, "dora@example.com", DeliveryMode.DIGEST);
    member(g, "abe@example.com", DeliveryMode.ABRIDGED);
    post("now1@example.com", "Urgent", "Read this today.");
    settle();

    // the command opens the same store beside the running site, which sends what it queues
    Run sent = cli("digest", "send", "--data", dir.toString(), "news");
    assertThat(sent.code()).as(sent.err()).isZero();
    assertThat(sent.out().strip())
        .isEqualTo("2 digest(s) of news queued, with the posts since the last ones");
    // the command queued them by the real clock, which this site's clock has not reached yet
    clock.advance(Duration.between(clock.instant(), Instant.now().plusSeconds(60)));
    settle();
    assertThat(mailTo("dora@example.com")).hasSize(1);
    assertThat(mailTo("abe@example.com")).hasSize(1);

    Run unknown = cli("digest", "send", "--data", dir.toString(), "nosuch");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no group named nosuch");
  }

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintStream sysout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Run(code, out + captured.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(sysout);
    }
  }
}
