package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.jobs.JobState;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * The whole email loop with real parts: a real SMTP client posts to our listener, and GreenMail, as
 * the site's relay, receives each member's copy. Then the same across a restart.
 */
class EmailLoopIT {
  @TempDir Path dir;
  GreenMail relay;

  @AfterEach
  void stopRelay() {
    if (relay != null) {
      relay.stop();
    }
  }

  static byte[] post(String from, String id, String subject, String extra, String body) {
    return ("From: "
            + from
            + "\r\nTo: news@lists.test\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + id
            + ">\r\nDate: Tue, 25 Nov 2025 11:48:06 +0000\r\n"
            + extra
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  static String header(MimeMessage m, String name) throws Exception {
    String[] v = m.getHeader(name);
    assertThat(v).as(name).isNotNull().hasSize(1);
    return MimeUtility.unfold(v[0]);
  }

  @Test
  void aPostByMailReachesEveryOtherMemberWithListHeadersAndThreadsStayThreads() throws Exception {
    int port = freePort();
    relay = greenMail(port);
    try (Site site =
        TestSites.open(dir, Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + port)).start()) {
      Group g =
          TestSites.group(site, "news", "ada@example.com", "grace@example.com", "alan@example.com");
      try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
        assertThat(
                smtp.send(
                        "ada@example.com",
                        List.of("news@lists.test"),
                        post(
                            "Ada <ada@example.com>",
                            "hello@example.com",
                            "Hello",
                            "",
                            "Hi all\r\n"))
                    .ok())
            .isTrue();
        await("two copies", Duration.ofSeconds(20), () -> relay.getReceivedMessages().length == 2);
        assertThat(
                smtp.send(
                        "grace@example.com",
                        List.of("news@lists.test"),
                        post(
                            "Grace <grace@example.com>",
                            "reply@example.com",
                            "Re: [news] Hello",
                            "In-Reply-To: <hello@example.com>\r\nReferences: <hello@example.com>\r\n",
                            "Hi Ada\r\n"))
                    .ok())
            .isTrue();
        await("four copies", Duration.ofSeconds(20), () -> relay.getReceivedMessages().length == 4);
      }

      assertThat(inbox(relay, "ada@example.com"))
          .hasSize(1); // only Grace's reply: never her own post
      MimeMessage[] grace = inbox(relay, "grace@example.com");
      MimeMessage[] alan = inbox(relay, "alan@example.com");
      assertThat(grace).hasSize(1);
      assertThat(alan).hasSize(2);

      MimeMessage first = alan[0].getHeader("In-Reply-To") == null ? alan[0] : alan[1];
      MimeMessage reply = first == alan[0] ? alan[1] : alan[0];
      assertThat(header(first, "Message-ID")).isEqualTo("<hello@example.com>");
      assertThat(header(first, "Subject")).isEqualTo("[news] Hello");
      assertThat(header(first, "List-Id")).contains("<news.lists.test>");
      assertThat(header(first, "List-Post")).isEqualTo("<mailto:news@lists.test>");
      assertThat(header(first, "List-Archive")).contains("/g/news/");
      assertThat(header(first, "List-Help"))
          .isEqualTo("<http://localhost:" + site.webPort() + "/g/news/>");
      assertThat(header(first, "List-Unsubscribe")).contains("<http").contains("<mailto:");
      assertThat(header(first, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
      assertThat(header(first, "List-Owner")).isEqualTo("<mailto:news-owner@lists.test>");
      assertThat(header(first, "Precedence")).isEqualTo("list");
      assertThat(header(first, "Reply-To")).contains("news@lists.test");
      assertThat(header(first, "Return-Path")).matches("<news-bounces\\+[0-9a-f]+@lists\\.test>");
      assertThat((String) first.getContent())
          .contains("Hi all")
          .contains("subscribed to news (news@lists.test)");

      assertThat(header(reply, "Message-ID")).isEqualTo("<reply@example.com>");
      assertThat(header(reply, "In-Reply-To")).isEqualTo("<hello@example.com>");
      assertThat(header(reply, "References")).isEqualTo("<hello@example.com>");
      assertThat(header(reply, "Subject")).isEqualTo("Re: [news] Hello");

      await(
          "every copy recorded as sent",
          Duration.ofSeconds(20),
          () ->
              site.db()
                      .jdbi()
                      .withHandle(
                          h ->
                              h.createQuery("SELECT COUNT(*) FROM outbound WHERE state = 'sent'")
                                  .mapTo(Integer.class)
                                  .one())
                  == 4);
      await("the jobs to finish", Duration.ofSeconds(20), site.jobs()::idle);
      assertThat(site.jobs().countsByState()).doesNotContainKeys(JobState.PARKED, JobState.RUNNING);
      // all that waits is the digest schedule's job, due at the next midnight
      assertThat(site.jobs().count(JobState.READY)).isEqualTo(1);
      assertThat(g.id()).isPositive();
    }
  }

  @Tag("slow") // ten seconds: the retry after a failed relay attempt waits its back-off
  @Test
  void copiesQueuedWhileTheRelayIsDownAreSentAfterARestart() throws Exception {
    int port = freePort();
    Map<String, String> env = Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + port);
    try (Site site = TestSites.open(dir, env).start()) {
      TestSites.group(site, "news", "ada@example.com", "grace@example.com");
      try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
        assertThat(
                smtp.send(
                        "ada@example.com",
                        List.of("news@lists.test"),
                        post("ada@example.com", "down@example.com", "While down", "", "x\r\n"))
                    .ok())
            .isTrue();
      }
      await(
          "a failed relay attempt",
          Duration.ofSeconds(20),
          () ->
              site.db()
                      .jdbi()
                      .withHandle(
                          h ->
                              h.createQuery("SELECT COUNT(*) FROM outbound WHERE attempts > 0")
                                  .mapTo(Integer.class)
                                  .one())
                  > 0);
    }
    relay = greenMail(port);
    try (Site site = TestSites.open(dir, env).start()) {
      await(
          "the copy after restart",
          Duration.ofSeconds(40),
          () -> relay.getReceivedMessages().length == 1);
      assertThat(inbox(relay, "grace@example.com")).hasSize(1);
      assertThat(header(inbox(relay, "grace@example.com")[0], "Message-ID"))
          .isEqualTo("<down@example.com>");
    }
  }

  @Test
  void aJobLeftRunningByAStoppedProcessRunsAgainOnStart() throws Exception {
    int port = freePort();
    relay = greenMail(port);
    Map<String, String> env = Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + port);
    try (Site site = TestSites.open(dir, env)) {
      // archived but not yet started: as if the process stopped right after the commit
      TestSites.group(site, "news", "ada@example.com", "grace@example.com");
      site.ingestor()
          .submit(
              new org.parley.ingest.Submission(
                  new org.parley.group.GroupName("news"),
                  post("ada@example.com", "crash@example.com", "Crash", "", "x\r\n"),
                  new org.parley.ingest.Envelope(
                      "ada@example.com", List.of("news@lists.test"), "test"),
                  org.parley.ingest.Source.SMTP));
      // a worker had claimed the job with a lease far in the future, then the process died
      site.db()
          .jdbi()
          .useHandle(
              h ->
                  h.createUpdate(
                          "UPDATE jobs SET state = 'running', attempts = 1, locked_until = :far")
                      .bind("far", System.currentTimeMillis() + Duration.ofHours(1).toMillis())
                      .execute());
    }
    try (Site site = TestSites.open(dir, env).start()) {
      await(
          "the copy after restart",
          Duration.ofSeconds(20),
          () -> relay.getReceivedMessages().length == 1);
      assertThat(header(inbox(relay, "grace@example.com")[0], "Message-ID"))
          .isEqualTo("<crash@example.com>");
    }
  }

  /**
   * The List-Owner address works: mail to {@code news-owner@} reaches the group's owners and
   * managers as it was sent (bounces to the site), is not posted, and does not come round again.
   */
  @Test
  void mailToTheOwnerAddressReachesTheOwnersAndManagersAndIsNotPosted() throws Exception {
    int port = freePort();
    relay = greenMail(port);
    try (Site site =
        TestSites.open(dir, Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + port)).start()) {
      Group g = TestSites.group(site, "news", "ada@example.com");
      for (Map.Entry<String, Role> m :
          Map.of("owen@example.com", Role.OWNER, "mona@example.com", Role.MANAGER).entrySet()) {
        Account a = site.accounts().ensure(EmailAddress.of(m.getKey()), "");
        site.members().add(g.id(), a.id(), m.getValue(), DeliveryMode.NONE);
      }
      Group quiet = TestSites.group(site, "quiet", "ada@example.com");
      site.accounts().create(EmailAddress.of("root@example.org"), "Root", null, true);
      byte[] question =
          ("From: Stranger <stranger@example.net>\r\nTo: news-owner@lists.test\r\n"
                  + "Subject: May I join?\r\nMessage-ID: <ask@example.net>\r\n\r\nPlease.\r\n")
              .getBytes(StandardCharsets.UTF_8);
      byte[] cameBack =
          ("X-Loop: news-owner@lists.test\r\n" + new String(question, StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8);
      try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
        SmtpClient.Reply r =
            smtp.send("stranger@example.net", List.of("news-owner@lists.test"), question);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.text()).contains("passed on");
        assertThat(
                smtp.send("stranger@example.net", List.of("news-owner@lists.test"), cameBack).ok())
            .isTrue();
        assertThat(
                smtp.send("stranger@example.net", List.of("quiet-owner@lists.test"), question).ok())
            .as("a group without owners: its mail goes to the site admins")
            .isTrue();
        SmtpClient.Reply unknown =
            smtp.send("stranger@example.net", List.of("nobody-owner@lists.test"), question);
        assertThat(unknown.code()).isEqualTo(550);
        assertThat(unknown.text()).startsWith("5.1.1");
      }
      await("three copies", Duration.ofSeconds(20), () -> relay.getReceivedMessages().length == 3);
      await("the jobs to finish", Duration.ofSeconds(20), site.jobs()::idle);

      for (String owner : List.of("owen@example.com", "mona@example.com", "root@example.org")) {
        MimeMessage[] got = inbox(relay, owner);
        assertThat(got).as(owner).hasSize(1);
        assertThat(header(got[0], "Subject")).isEqualTo("May I join?");
        assertThat(header(got[0], "From")).isEqualTo("Stranger <stranger@example.net>");
        assertThat(header(got[0], "Return-Path"))
            .isEqualTo(
                owner.startsWith("root")
                    ? "<quiet-bounces@lists.test>"
                    : "<news-bounces@lists.test>");
        assertThat(header(got[0], "X-Loop")).endsWith("-owner@lists.test");
      }
      assertThat(inbox(relay, "ada@example.com")).isEmpty();
      assertThat(site.reader().postCount(g.id())).isZero();
      assertThat(site.reader().postCount(quiet.id())).isZero();
      assertThat(site.jobs().countsByState()).doesNotContainKeys(JobState.PARKED, JobState.RUNNING);
      // all that waits is the digest schedule's job, due at the next midnight
      assertThat(site.jobs().count(JobState.READY)).isEqualTo(1);
    }
  }
}
