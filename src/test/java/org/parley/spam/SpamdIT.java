package org.parley.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.Spamd;
import org.parley.testkit.TestSites;

/**
 * SpamAssassin's spamd as the filter in front, with the real thing: Debian's spamd, started by the
 * test on a free port ({@link Spamd}). The SPAMC client reads its verdict, score, threshold and
 * tests; named by a site's {@code spam_filter}, it has GTUBE refused at the door over SMTP (its
 * score of 1000 is above the site's refuse score) and an ordinary message posted with its score.
 * Skipped, saying why, where spamd is not installed ({@code .ci/run} installs it).
 */
class SpamdIT {
  static final String GTUBE =
      "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

  @TempDir static Path spamdDir;
  static Spamd spamd;

  @TempDir Path dir;
  Site site;

  @BeforeAll
  static void startSpamd() throws Exception {
    Optional<String> why = Spamd.unavailable();
    Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    spamd = Spamd.start(spamdDir);
  }

  @AfterAll
  static void stopSpamd() {
    if (spamd != null) {
      spamd.close();
    }
  }

  @AfterEach
  void stop() {
    if (site != null) {
      site.close();
    }
  }

  static byte[] message(String id, String body) {
    return ("From: Ada Lovelace <ada@example.com>\r\nTo: news@lists.test\r\nSubject: Lunch\r\n"
            + "Message-ID: <"
            + id
            + ">\r\nDate: Sat, 05 Dec 2026 10:00:00 +0000\r\n\r\n"
            + body
            + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theClientReadsSpamdsVerdictScoreAndTests() throws Exception {
    SpamdClient client = new SpamdClient("127.0.0.1", spamd.port(), Duration.ofSeconds(30));
    Arrival arrival =
        new Arrival("ada@example.com", List.of("news@lists.test"), "127.0.0.1", "", "t1");

    SpamResult gtube = client.check(message("g@example.com", GTUBE), arrival);

    assertThat(gtube.score()).isGreaterThanOrEqualTo(1000);
    assertThat(gtube.required()).isEqualTo(5);
    assertThat(gtube.action()).isEqualTo("spam");
    assertThat(gtube.symbols()).contains("GTUBE");
    assertThat(gtube.by()).isEqualTo("spamd");

    SpamResult ordinary =
        client.check(message("o@example.com", "Shall we meet at noon by the fountain?"), arrival);

    assertThat(ordinary.score()).isLessThan(5);
    assertThat(ordinary.action()).isEqualTo("no action");
    assertThat(ordinary.symbols()).doesNotContain("GTUBE");
  }

  @Test
  void gtubeIsRefusedAtTheDoorAndAnOrdinaryMessagePostedWithItsScore() throws Exception {
    site =
        TestSites.open(
                dir,
                Map.of(
                    "PARLEY_SPAM_FILTER",
                    spamd.filterSetting(),
                    "PARLEY_SPAM_FILTER_TIMEOUT_MS",
                    "30000"))
            .start();
    Group news = TestSites.group(site, "news", "ada@example.com", "grace@example.com");

    try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
      SmtpClient.Reply refused =
          smtp.send("ada@example.com", List.of("news@lists.test"), message("g@x.org", GTUBE));
      assertThat(refused.code()).as(refused.toString()).isEqualTo(550);
      assertThat(refused.text())
          .startsWith(
              "5.7.1 The message looks like spam: this site's spam filter (spamd) scored it 1000")
          .contains("GTUBE");
    }
    try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
      SmtpClient.Reply taken =
          smtp.send(
              "ada@example.com",
              List.of("news@lists.test"),
              message("o@x.org", "Shall we meet at noon by the fountain?"));
      assertThat(taken.code()).as(taken.toString()).isEqualTo(250);
    }
    assertThat(site.reader().postCount(news.id())).isEqualTo(1);
    String summary =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT spam_summary FROM posts WHERE message_id = 'o@x.org'")
                        .mapTo(String.class)
                        .one());
    assertThat(summary).startsWith("spamd ").contains(" / 5, no action");
  }
}
