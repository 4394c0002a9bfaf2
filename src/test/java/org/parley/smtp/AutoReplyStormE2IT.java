package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Passwords;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestClock;
import org.parley.testkit.TestSites;

/**
 * RELIABILITY E2: auto-responders that set none of RFC 3834's headers are not redistributed, and
 * two that answer each other through the group cannot storm it: the screen's {@code auto-reply} and
 * {@code sender-rate} rules, over real SMTP, on the site's clock.
 */
class AutoReplyStormE2IT {
  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2026-07-01T09:00:00Z"));
  Site site;
  Group group;
  int sent;

  @BeforeEach
  void start() throws Exception {
    site =
        Site.open(
                TestSites.settings(
                    dir,
                    Map.of(
                        "PARLEY_SENDER_POSTS_PER_HOUR", "12",
                        "PARLEY_SENDER_POSTS_PER_MINUTE", "3")),
                clock,
                new Passwords(1024, 1))
            .start();
    group =
        TestSites.group(site, "news", "ada@example.com", "bob@example.com", "carol@example.com");
  }

  @AfterEach
  void stop() {
    site.close();
  }

  SmtpClient.Reply post(String from, String subject, String body) throws Exception {
    byte[] raw =
        ("From: "
                + from
                + "\r\nTo: news@lists.test\r\nSubject: "
                + subject
                + "\r\nMessage-ID: <m"
                + (++sent)
                + "@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain;"
                + " charset=utf-8\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8);
    // a connection of its own, as each responder's mail server opens: a session is closed after
    // 20 refusals without a delivered message
    try (SmtpClient client = new SmtpClient(site.smtpPort())) {
      return client.send(from, List.of("news@lists.test"), raw);
    }
  }

  static final String POST =
      "The tide tables for July are in the shared folder.\r\n"
          + "Please check the times for the north beach before Saturday's walk.\r\n";

  @Test
  void e2AReplyWhoseSubjectIsAStackOfAutoReplyPrefixesIsRefused() throws Exception {
    assertThat(post("ada@example.com", "[news] Tides", POST).ok()).isTrue();
    for (String subject :
        List.of("Away: Away: [news] Tides", "Auto: Re: Out of office", "Away: [news] Tides")) {
      SmtpClient.Reply r = post("bob@example.com", subject, "I am away until Monday.\r\n");
      assertThat(r.code()).as(subject).isEqualTo(550);
      assertThat(r.text())
          .contains("5.7.1")
          .contains("does not take automatic mail")
          .contains("auto-reply prefixes");
    }
    // a person's own subject that merely starts with one passes
    assertThat(post("bob@example.com", "Away: plans for the walk", "Who is coming?\r\n").ok())
        .isTrue();
    assertThat(site.reader().postCount(group.id())).isEqualTo(2);
  }

  @Test
  void e2AReplyThatQuotesTheGroupsCopyWithinSecondsIsTakenForAnAutomaticOne() throws Exception {
    assertThat(post("ada@example.com", "Tides", POST).ok()).isTrue();
    clock.advance(Duration.ofSeconds(4));
    String vacation =
        "Thank you for your message. I am out until 14 July.\r\n\r\n"
            + POST.lines().map(l -> "> " + l + "\r\n").reduce("", String::concat);
    SmtpClient.Reply r = post("bob@example.com", "Re: Tides", vacation);
    assertThat(r.code()).isEqualTo(550);
    assertThat(r.text()).contains("does not take automatic mail").contains("quotes a post");

    // a post that repeats the text without quoting it (a template, a resend) is no reply at all
    assertThat(post("carol@example.com", "Tides again", "Repeated:\r\n" + POST).ok()).isTrue();
    // the same answer written by a person a few minutes later is a post
    clock.advance(Duration.ofMinutes(3));
    assertThat(post("carol@example.com", "Re: Tides", vacation).ok()).isTrue();
    assertThat(site.reader().postCount(group.id())).isEqualTo(3);
  }

  /**
   * Two naive responders (no headers, no quote, a plain "Re:") answer each other through the group
   * every ten seconds: the brake stops each at the per-minute limit, then at the per-hour one.
   */
  @Test
  void e2TwoAutoRespondersAnsweringEachOtherAreBrakedPerMinuteAndPerHour() throws Exception {
    int bobTaken = 0;
    int carolTaken = 0;
    SmtpClient.Reply lastRefusal = null;
    for (int round = 0; round < 2 * 360; round++) { // two hours, a reply every 10 s
      boolean bob = round % 2 == 0;
      SmtpClient.Reply r =
          post(bob ? "bob@example.com" : "carol@example.com", "Re: Tides", "I am away.\r\n");
      if (r.ok()) {
        if (bob) {
          bobTaken++;
        } else {
          carolTaken++;
        }
      } else {
        assertThat(r.code()).isEqualTo(550);
        lastRefusal = r;
      }
      clock.advance(Duration.ofSeconds(10));
    }
    // at most 12 an hour each, over two hours; without the brake each would have posted 360 times
    assertThat(bobTaken).isBetween(20, 24);
    assertThat(carolTaken).isBetween(20, 24);
    assertThat(lastRefusal).isNotNull();
    assertThat(lastRefusal.text())
        .contains("5.7.1")
        .contains("in the last hour, the most this group takes from one sender");
  }

  @Test
  void e2ABurstPastThePerMinuteLimitIsRefusedAndTheNextMinuteIsOpenAgain() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(post("ada@example.com", "Note " + i, "Note " + i + "\r\n").ok()).isTrue();
    }
    SmtpClient.Reply fourth = post("ada@example.com", "Note 3", "Note 3\r\n");
    assertThat(fourth.code()).isEqualTo(550);
    assertThat(fourth.text())
        .contains("ada@example.com has sent 3 posts to news@lists.test in the last minute")
        .contains("send it again in a minute");
    // another sender is not braked by ada's posts
    assertThat(post("bob@example.com", "Mine", "Mine\r\n").ok()).isTrue();
    clock.advance(Duration.ofSeconds(61));
    assertThat(post("ada@example.com", "Note 3", "Note 3\r\n").ok()).isTrue();
  }
}
