package org.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.EmailAddress;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.cli.Cli;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.jobs.JobState;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.ServeProcess;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;
import org.parley.testkit.crash.CrashSuite;

/**
 * The durability promise under the hardest stop there is. {@code parley serve} runs as a process of
 * its own and is killed with SIGKILL while four clients send to it, three times over, then stopped
 * with SIGTERM once. Every message that got its 250 must then be in the archive with its bytes
 * unchanged. After a restart has caught up, each of them must be searchable and must have reached
 * every other member through the relay. And a kill in the middle of a large fan-out leaves no
 * member without a copy.
 */
@Tag("slow") // processes started and killed
class KillNineIT {
  private static final List<String> OTHERS = List.of("bob@example.com", "carol@example.com");

  @TempDir Path tmp;
  private GreenMail relay;
  private ServeProcess serve;

  @AfterEach
  void stop() throws InterruptedException {
    if (serve != null) {
      serve.close();
    }
    if (relay != null) {
      relay.stop();
    }
  }

  @Test
  void everyMessageAnsweredWith250OutlivesKillsAndAStopAndThenReachesEveryMember()
      throws Exception {
    Path data = tmp.resolve("site");
    cli("init", "--data", data.toString(), "--domain", "lists.test", "--admin-email", "root@x.org");
    cli("group", "create", "--data", data.toString(), "news");
    for (String m : List.of("ada@example.com", "bob@example.com", "carol@example.com")) {
      cli("member", "add", "--data", data.toString(), "news", m);
    }
    int relayPort = freePort();
    relay = greenMail(relayPort);
    String relayUrl = "smtp://127.0.0.1:" + relayPort;

    Map<String, byte[]> acked = new ConcurrentHashMap<>();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    AtomicInteger serial = new AtomicInteger();
    Set<Integer> refusals = ConcurrentHashMap.newKeySet();
    Random random = new Random(20261129);
    for (int round = 1; round <= 4; round++) {
      boolean kill = round <= 3;
      serve = startServe(data, relayUrl, round);
      int port = serve.smtpPort();
      // kill once this many more messages were acknowledged, with others in flight
      int killAt = acked.size() + 40 + random.nextInt(160);
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        clients.add(
            Thread.ofPlatform()
                .start(() -> sendUntilRefused(port, serial, sent, acked, refusals, killAt + 400)));
      }
      await(
          killAt + " acknowledged messages in round " + round,
          Duration.ofSeconds(120),
          () -> acked.size() >= killAt || clients.stream().noneMatch(Thread::isAlive));
      int status = kill ? serve.kill9() : serve.stop();
      // 128 + SIGKILL: the process did not get to close anything; 128 + SIGTERM: it stopped in
      // order (transactions under way answered, new ones told 421)
      assertThat(status).as(serve.log()).isEqualTo(kill ? 137 : 143);
      assertThat(refusals)
          .as("refusals by round " + round)
          .isSubsetOf(kill ? Set.of() : Set.of(421));
      for (Thread t : clients) {
        t.join(Duration.ofSeconds(60));
      }
      // the clients stop only when the server goes away: none was refused before it
      assertThat(acked.size())
          .as("acknowledged before the stop in round " + round)
          .isGreaterThanOrEqualTo(killAt);
    }

    // A restart catches up with what the kills interrupted: search and delivery.
    Map<String, String> env = new HashMap<>();
    env.put("PARLEY_RELAY", relayUrl);
    try (Site site = TestSites.open(data, env).start()) {
      Group news = site.groups().find(new GroupName("news")).orElseThrow();
      for (Map.Entry<String, byte[]> e : acked.entrySet()) {
        List<Post> posts = site.reader().postsByMessageId(news.id(), MessageId.of(e.getKey()));
        assertThat(posts).as("the acknowledged %s", e.getKey()).hasSize(1);
        assertThat(site.reader().raw(posts.get(0))).as(e.getKey()).isEqualTo(e.getValue());
      }
      int stored = site.reader().postCount(news.id());
      // messages whose 250 the kill swallowed may be stored too, but nothing was invented
      assertThat(stored).isBetween(acked.size(), sent.size());

      await(
          "every job done after the restart, now " + site.jobs().countsByState(),
          Duration.ofSeconds(120),
          () -> site.jobs().idle() && relay.getReceivedMessages().length >= 2 * stored);
      assertThat(site.jobs().countsByState()).doesNotContainKeys(JobState.PARKED, JobState.RUNNING);
      // all that waits is the digest schedule's job, due at the next midnight
      assertThat(site.jobs().count(JobState.READY)).isEqualTo(1);
      assertThat(site.searchIndex().size()).isEqualTo(stored);
      for (String member : OTHERS) {
        Set<String> got = ConcurrentHashMap.newKeySet();
        for (MimeMessage m : inbox(relay, member)) {
          got.add(MessageId.of(m.getHeader("Message-ID")[0]).value());
        }
        assertThat(got).as(member).containsAll(acked.keySet()).hasSize(stored);
      }
      assertThat(inbox(relay, "ada@example.com")).as("not back to its author").isEmpty();
    }
  }

  /**
   * A kill in the middle of sending one post to a large group, then a restart: every member gets
   * the post at least once, and no more copies are sent twice than the relay jobs had in hand.
   */
  @Test
  void aKillInTheMiddleOfAFanOutLeavesNoMemberWithoutTheirCopy() throws Exception {
    int members = 3000;
    Path data = tmp.resolve("site");
    cli("init", "--data", data.toString(), "--domain", "lists.test", "--admin-email", "root@x.org");
    cli("group", "create", "--data", data.toString(), "news");
    try (Site site = TestSites.open(data, Map.of())) {
      long group = site.groups().find(new GroupName("news")).orElseThrow().id();
      for (int i = 0; i < members; i++) {
        site.members()
            .add(
                group,
                site.accounts().ensure(EmailAddress.of("m" + i + "@example.com"), "").id(),
                Role.MEMBER,
                DeliveryMode.EACH);
      }
    }
    int relayPort = freePort();
    relay = greenMail(relayPort);
    String relayUrl = "smtp://127.0.0.1:" + relayPort;

    serve = startServe(data, relayUrl, 1);
    int port = serve.smtpPort();
    byte[] raw = message("m0@example.com", "fanout@example.com", null, 1);
    try (SmtpClient smtp = new SmtpClient(port)) {
      assertThat(smtp.send("m0@example.com", List.of("news@lists.test"), raw).ok()).isTrue();
    }
    // past the point where each relay job has marked its first rows sent (250 at a time)
    int half = (members - 1) / 2;
    await(
        "half of the copies at the relay",
        Duration.ofSeconds(120),
        () -> relay.getReceivedMessages().length >= half);
    assertThat(serve.kill9()).isEqualTo(137);
    int beforeRestart = relay.getReceivedMessages().length;
    assertThat(beforeRestart).as("the kill came before the fan-out ended").isLessThan(members - 1);

    try (Site site = TestSites.open(data, Map.of("PARLEY_RELAY", relayUrl)).start()) {
      await(
          "every job done after the restart, now " + site.jobs().countsByState(),
          Duration.ofSeconds(120),
          () -> site.jobs().idle() && relay.getReceivedMessages().length >= members - 1);
      assertThat(site.jobs().countsByState()).doesNotContainKeys(JobState.PARKED, JobState.RUNNING);
      // all that waits is the digest schedule's job, due at the next midnight
      assertThat(site.jobs().count(JobState.READY)).isEqualTo(1);
    }
    for (int i = 1; i < members; i++) {
      MimeMessage[] got = inbox(relay, "m" + i + "@example.com");
      assertThat(got).as("m" + i).isNotEmpty();
      assertThat(got[0].getHeader("Message-ID")[0]).isEqualTo("<fanout@example.com>");
    }
    assertThat(inbox(relay, "m0@example.com")).as("not back to its author").isEmpty();
    // RELIABILITY A4: each copy is recorded as the relay accepts it, so what goes again is at most
    // the copies in flight at the kill: one for each of the four workers
    int twice = relay.getReceivedMessages().length - (members - 1);
    System.out.println(
        "A4 fan-out kill: "
            + beforeRestart
            + " of "
            + (members - 1)
            + " copies out before the"
            + " kill, "
            + twice
            + " sent twice after the restart");
    assertThat(twice).isBetween(0, 4);
  }

  /**
   * Sends new messages (some replying to an earlier one) over one connection until the server goes
   * away or refuses one, or {@code limit} messages are acknowledged in all, recording each
   * acknowledged message and each refusal's code.
   */
  private static void sendUntilRefused(
      int port,
      AtomicInteger serial,
      Set<String> sent,
      Map<String, byte[]> acked,
      Set<Integer> refusals,
      int limit) {
    try (SmtpClient smtp = new SmtpClient(port)) {
      while (acked.size() < limit) {
        int n = serial.incrementAndGet();
        String id = "kill-" + n + "@example.com";
        String parent = n > 10 && n % 3 == 0 ? "kill-" + (n - 7) + "@example.com" : null;
        byte[] raw = message("ada@example.com", id, parent, n);
        sent.add(id);
        SmtpClient.Reply reply = smtp.send("ada@example.com", List.of("news@lists.test"), raw);
        if (!reply.ok()) {
          if (reply.code() > 0) { // -1: no reply at all, the connection was lost
            refusals.add(reply.code());
          }
          return;
        }
        acked.put(id, raw);
      }
    } catch (Exception e) {
      // the server went away under this client: this message was never acknowledged
    }
  }

  private static byte[] message(String from, String id, String parent, int n) {
    return CrashSuite.message(from, "news@lists.test", id, parent, n);
  }

  /** Starts {@code parley serve} as a process of its own, relaying to {@code relayUrl}. */
  private ServeProcess startServe(Path data, String relayUrl, int round) throws Exception {
    return ServeProcess.start(
        data, Map.of("PARLEY_RELAY", relayUrl), tmp.resolve("serve-" + round + ".err"));
  }

  private static void cli(String... args) {
    StringWriter err = new StringWriter();
    int code = Cli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
  }
}
