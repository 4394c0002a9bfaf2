package org.parley.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.cli.Cli;
import org.parley.group.GroupName;
import org.parley.jobs.JobState;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.ServeProcess;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * A crash while digests are being sent: {@code parley serve} runs as a process of its own, sends a
 * group's pending digests to many members through a real relay (GreenMail), and is killed with
 * SIGKILL half-way; a restart finishes the work. Every member then has their digest, and nobody has
 * two different ones: what may go twice is only a message the relay took just before the kill (the
 * same message, the same Message-ID, as for copies of posts), at most one per worker.
 */
@Tag("slow") // a process started and killed
class DigestKillNineIT {
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
  void aKillWhileDigestsAreSentLosesNoneAndMakesNoneTwice() throws Exception {
    int members = 300;
    Path data = tmp.resolve("site");
    cli("init", "--data", data.toString(), "--domain", "lists.test", "--admin-email", "root@x.org");
    cli("group", "create", "--data", data.toString(), "news");
    try (Site site = TestSites.open(data, Map.of())) {
      long group = site.groups().find(new GroupName("news")).orElseThrow().id();
      site.members()
          .add(
              group,
              site.accounts().ensure(EmailAddress.of("ada@example.com"), "").id(),
              Role.MEMBER,
              DeliveryMode.NONE);
      for (int i = 0; i < members; i++) {
        site.members()
            .add(
                group,
                site.accounts().ensure(EmailAddress.of("d" + i + "@example.com"), "").id(),
                Role.MEMBER,
                DeliveryMode.DIGEST);
      }
    }
    int relayPort = freePort();
    relay = greenMail(relayPort);
    String relayUrl = "smtp://127.0.0.1:" + relayPort;
    serve = ServeProcess.start(data, Map.of("PARLEY_RELAY", relayUrl), tmp.resolve("serve-1.err"));
    try (SmtpClient smtp = new SmtpClient(serve.smtpPort())) {
      for (int n = 1; n <= 3; n++) {
        String raw =
            "From: ada@example.com\r\nTo: news@lists.test\r\nSubject: Post "
                + n
                + "\r\nMessage-ID: <crash"
                + n
                + "@example.com>\r\n\r\nWords "
                + n
                + ".\r\n";
        assertThat(
                smtp.send(
                        "ada@example.com",
                        List.of("news@lists.test"),
                        raw.getBytes(StandardCharsets.UTF_8))
                    .ok())
            .isTrue();
      }
    }

    // the command queues every digest beside the running site, which starts sending them
    cli("digest", "send", "--data", data.toString(), "news");
    await(
        "a third of the digests at the relay",
        Duration.ofSeconds(120),
        () -> relay.getReceivedMessages().length >= members / 3);
    assertThat(serve.kill9()).isEqualTo(137);
    int beforeRestart = relay.getReceivedMessages().length;
    assertThat(beforeRestart).as("the kill came before the sending ended").isLessThan(members);

    try (Site site = TestSites.open(data, Map.of("PARLEY_RELAY", relayUrl)).start()) {
      await(
          "every job done after the restart, now " + site.jobs().countsByState(),
          Duration.ofSeconds(120),
          () -> site.jobs().idle() && relay.getReceivedMessages().length >= members);
      // nothing parked or left over; only the schedule waits, for the next midnight
      assertThat(site.jobs().countsByState())
          .doesNotContainKeys(JobState.PARKED, JobState.RUNNING)
          .containsEntry(JobState.READY, 1L);
      List<String> waiting =
          site.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT kind FROM jobs WHERE state = 'ready'")
                          .mapTo(String.class)
                          .list());
      assertThat(waiting).containsExactly(DigestSchedule.KIND);
      int sent =
          site.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM digests WHERE state = 'sent'")
                          .mapTo(Integer.class)
                          .one());
      assertThat(sent).isEqualTo(members);
    }
    for (int i = 0; i < members; i++) {
      MimeMessage[] got = inbox(relay, "d" + i + "@example.com");
      assertThat(got).as("d" + i).isNotEmpty();
      Set<String> ids = new HashSet<>();
      for (MimeMessage m : got) {
        ids.add(m.getHeader("Message-ID")[0]);
      }
      assertThat(ids).as("d" + i + "'s digests").hasSize(1);
    }
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    inbox(relay, "d0@example.com")[0].writeTo(raw);
    assertThat(Mime4jDigest.read(raw.toByteArray()).messageIds())
        .containsExactly("<crash1@example.com>", "<crash2@example.com>", "<crash3@example.com>");
    int twice = relay.getReceivedMessages().length - members;
    System.out.println(
        "digest kill: "
            + beforeRestart
            + " of "
            + members
            + " digests out before the kill, "
            + twice
            + " handed to the relay twice after the restart");
    assertThat(twice).isBetween(0, 4);
  }

  private static void cli(String... args) {
    StringWriter err = new StringWriter();
    int code = Cli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
  }
}
