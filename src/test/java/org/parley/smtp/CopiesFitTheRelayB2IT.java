package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;

/**
 * Issue 16, item 15: a post the door takes must make copies the relay takes. With the relay's limit
 * set ({@code relay_max_message_bytes}), the door's limit is that less the copies' headroom, and
 * SMTP (EHLO SIZE, MAIL SIZE=, DATA) and LMTP (LHLO SIZE, DATA) refuse a post one byte over it with
 * 552 5.3.4, while one exactly at it is archived and its copies go out.
 */
class CopiesFitTheRelayB2IT {
  private static final long RELAY_MAX = 200_000;
  private static final long DOOR = RELAY_MAX - Settings.COPY_HEADROOM;

  @TempDir Path dir;
  Site site;
  Group news;
  GreenMail relay;

  @BeforeEach
  void start() {
    int port = freePort();
    relay = greenMail(port);
    site =
        TestSites.open(
                dir,
                Map.of(
                    "PARLEY_LMTP_PORT",
                    "0",
                    "PARLEY_RELAY",
                    "smtp://127.0.0.1:" + port,
                    "PARLEY_RELAY_MAX_MESSAGE_BYTES",
                    Long.toString(RELAY_MAX)))
            .start();
    news = TestSites.group(site, "news", "ada@example.com", "grace@example.com");
  }

  @AfterEach
  void stop() {
    site.close();
    relay.stop();
  }

  /** A message of exactly {@code size} bytes from Ada to news. */
  static byte[] messageOf(long size, String messageId) {
    String head =
        "From: ada@example.com\r\nTo: news@lists.test\r\nSubject: Size\r\nMessage-ID: <"
            + messageId
            + ">\r\n\r\n";
    StringBuilder sb = new StringBuilder(head);
    while (sb.length() < size) {
      long left = size - sb.length();
      if (left <= 2) {
        sb.append("\r\n", 0, (int) left); // only reached when the lines below land 1 or 2 short
        break;
      }
      int line = (int) Math.min(78, left - 2);
      sb.append("x".repeat(line)).append("\r\n");
    }
    byte[] raw = sb.toString().getBytes(StandardCharsets.US_ASCII);
    assertThat(raw).hasSize((int) size);
    return raw;
  }

  @Test
  void b2SmtpAdvertisesAndKeepsALimitUnderTheRelays() throws Exception {
    try (WireClient wire = new WireClient(site.smtpPort())) {
      wire.greeting();
      assertThat(wire.command("EHLO client.test").lines()).contains("250-SIZE " + DOOR);
      WireClient.Reply over = wire.command("MAIL FROM:<ada@example.com> SIZE=" + (DOOR + 1));
      assertThat(over.code()).isEqualTo(552);
      assertThat(over.text()).contains("5.3.4").contains(DOOR + " bytes").contains("copy");
      assertThat(wire.command("MAIL FROM:<ada@example.com> SIZE=" + DOOR).code()).isEqualTo(250);
      assertThat(wire.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.write(WireClient.dotStuffed(messageOf(DOOR, "at@example.com")));
      assertThat(wire.reply().code()).isEqualTo(250);

      // one byte more, undeclared: read to its end and refused after DATA
      assertThat(wire.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
      assertThat(wire.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.write(WireClient.dotStuffed(messageOf(DOOR + 1, "over@example.com")));
      WireClient.Reply refused = wire.reply();
      assertThat(refused.code()).isEqualTo(552);
      assertThat(refused.text()).contains("5.3.4").contains("copy");
    }
    assertThat(site.reader().postCount(news.id())).isEqualTo(1);
    // the post at the limit went out to grace (ada wrote it), within the relay's limit
    await("grace's copy", Duration.ofSeconds(20), () -> relay.getReceivedMessages().length == 1);
    byte[] copy = relay.getReceivedMessages()[0].getRawInputStream().readAllBytes();
    assertThat(inbox(relay, "grace@example.com")).hasSize(1);
    assertThat((long) copy.length).isGreaterThan(DOOR).isLessThan(RELAY_MAX);
  }

  @Test
  void b2LmtpRefusesOneByteOverTheLimit() throws Exception {
    try (WireClient lmtp = new WireClient(site.lmtpPort().orElseThrow())) {
      lmtp.greeting();
      assertThat(lmtp.command("LHLO client.test").lines()).contains("250-SIZE " + DOOR);
      assertThat(lmtp.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
      assertThat(lmtp.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(lmtp.command("DATA").code()).isEqualTo(354);
      lmtp.write(WireClient.dotStuffed(messageOf(DOOR + 1, "lmtp-over@example.com")));
      List<WireClient.Reply> replies = lmtp.replies(1);
      assertThat(replies.get(0).code()).isEqualTo(552);
      assertThat(replies.get(0).text()).startsWith("5.3.4");

      assertThat(lmtp.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
      assertThat(lmtp.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(lmtp.command("DATA").code()).isEqualTo(354);
      lmtp.write(WireClient.dotStuffed(messageOf(DOOR, "lmtp-at@example.com")));
      assertThat(lmtp.replies(1).get(0).code()).isEqualTo(250);
    }
    assertThat(site.reader().postCount(news.id())).isEqualTo(1);
  }

  /**
   * Found by hand behind Postfix: the footer makes a plain-text body be re-encoded as
   * quoted-printable, which grows some text far past the 64 KB headroom (a dot becomes "=2E"). Such
   * a post is decorated at the door and refused there when its copies would not fit the relay,
   * instead of being archived with every copy refused.
   */
  @Test
  void b2APostWhoseCopiesWouldGrowPastTheRelaysLimitIsRefusedAtTheDoor() throws Exception {
    String dots = ("." + ".".repeat(70) + "\r\n").repeat(1_400); // about 100 KB, under the door
    byte[] raw =
        ("From: ada@example.com\r\nTo: news@lists.test\r\nSubject: Dots\r\n"
                + "Message-ID: <dots@example.com>\r\n\r\n"
                + dots)
            .getBytes(StandardCharsets.US_ASCII);
    assertThat((long) raw.length).isLessThan(DOOR);
    try (WireClient wire = new WireClient(site.smtpPort())) {
      assertThat(wire.command("EHLO client.test").code()).isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<ada@example.com> SIZE=" + raw.length).code())
          .isEqualTo(250);
      assertThat(wire.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.write(WireClient.dotStuffed(raw));
      WireClient.Reply refused = wire.reply();
      assertThat(refused.code()).isEqualTo(552);
      assertThat(refused.text())
          .contains("5.3.4")
          .contains("each member's copy of it, with the group's footer, would be");
    }
    assertThat(site.reader().postCount(news.id())).isZero();
  }
}
