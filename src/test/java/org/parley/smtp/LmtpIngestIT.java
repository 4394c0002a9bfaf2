package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.smtp.SmtpIngestIT.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.EmailAddress;
import org.parley.account.Passwords;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.archive.BlobStore;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.group.Group;
import org.parley.member.Member;
import org.parley.moderation.Screen;
import org.parley.testkit.FailingRule;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;

/**
 * Mail handed over by LMTP (RFC 2033), as Postfix does with {@code lmtp:inet:…}: one reply per
 * accepted recipient after DATA, in RCPT order, each that group's own outcome.
 */
class LmtpIngestIT {
  @TempDir Path dir;
  Site site;
  Group news;
  Group closed;
  WireClient lmtp;

  @BeforeEach
  void start() throws Exception {
    site =
        TestSites.open(dir, Map.of("PARLEY_LMTP_PORT", "0", "PARLEY_MAX_MESSAGE_BYTES", "200000"))
            .start();
    news = TestSites.group(site, "news", "ada@example.com", "grace@example.com");
    closed = TestSites.group(site, "closed", "grace@example.com");
    lmtp = new WireClient(site.lmtpPort().orElseThrow());
  }

  @AfterEach
  void stop() throws Exception {
    lmtp.close();
    site.close();
  }

  /** LHLO, MAIL and one RCPT per address, each of which must be taken. */
  void envelope(String from, String... rcpt) throws Exception {
    assertThat(lmtp.command("LHLO client.test").code()).isEqualTo(250);
    assertThat(lmtp.command("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
    for (String r : rcpt) {
      WireClient.Reply reply = lmtp.command("RCPT TO:<" + r + ">");
      assertThat(reply.code()).as(r + ": " + reply).isEqualTo(250);
    }
  }

  /** DATA, the message, and the replies after it: one per recipient. */
  List<WireClient.Reply> data(byte[] raw, int recipients) throws Exception {
    assertThat(lmtp.command("DATA").code()).isEqualTo(354);
    lmtp.write(WireClient.dotStuffed(raw));
    return lmtp.replies(recipients);
  }

  @Test
  void eachRecipientGetsItsOwnReplyInRcptOrderAndOnlyTheAcceptedPostIsArchived() throws Exception {
    byte[] raw =
        message("Ada <ada@example.com>", "both@example.com", "Both", "", "..dotted\r\nbody\r\n");
    envelope("ada@example.com", "closed@lists.test", "news@lists.test");
    List<WireClient.Reply> replies = data(raw, 2);

    // ada is not a member of closed: that group refuses with its rule's sentence
    assertThat(replies.get(0).code()).as(replies.toString()).isEqualTo(550);
    assertThat(replies.get(0).text())
        .startsWith("5.")
        .contains("ada@example.com is not a member of closed@lists.test");
    assertThat(replies.get(1).code()).as(replies.toString()).isEqualTo(250);
    assertThat(replies.get(1).text()).contains("news");

    List<Post> posts = site.reader().postsByMessageId(news.id(), MessageId.of("both@example.com"));
    assertThat(posts).hasSize(1);
    assertThat(site.reader().raw(posts.get(0))).isEqualTo(raw);
    assertThat(site.reader().postCount(closed.id())).isZero();
    // the transaction is over: the next one starts without RSET
    assertThat(lmtp.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
  }

  /**
   * RFC 2033's point: when one group cannot take the message, only its recipient is told to try
   * again, and the MTA's retry for it alone posts nothing twice in the others.
   */
  @Test
  void aGroupThatCannotTakeTheMessageIsToldToRetryAloneAndTheRetryDuplicatesNothing()
      throws Exception {
    lmtp.close();
    site.close();
    Settings settings = TestSites.settings(dir.resolve("three"), Map.of("PARLEY_LMTP_PORT", "0"));
    site =
        Site.open(
                settings,
                Clock.systemUTC(),
                new Passwords(1024, 1),
                FailingRule.forGroup(Screen.standard(), "two"))
            .start();
    List<Group> groups =
        List.of(
            TestSites.group(site, "one", "ada@example.com"),
            TestSites.group(site, "two", "ada@example.com"),
            TestSites.group(site, "three", "ada@example.com"));
    lmtp = new WireClient(site.lmtpPort().orElseThrow());
    byte[] raw = message("Ada <ada@example.com>", "three@example.com", "Three", "", "Hello\r\n");

    envelope("ada@example.com", "one@lists.test", "two@lists.test", "three@lists.test");
    assertThat(data(raw, 3))
        .extracting(WireClient.Reply::code)
        .as("one, two, three")
        .containsExactly(250, 451, 250);

    // the fault is fixed; the MTA tries again for two alone, then (a careless one) for all three
    lmtp.close();
    site.close();
    site = Site.open(settings, Clock.systemUTC(), new Passwords(1024, 1)).start();
    lmtp = new WireClient(site.lmtpPort().orElseThrow());
    envelope("ada@example.com", "two@lists.test");
    assertThat(data(raw, 1)).extracting(WireClient.Reply::code).containsExactly(250);
    envelope("ada@example.com", "one@lists.test", "two@lists.test", "three@lists.test");
    assertThat(data(raw, 3)).extracting(WireClient.Reply::code).containsExactly(250, 250, 250);

    for (Group g : groups) {
      assertThat(site.reader().postsByMessageId(g.id(), MessageId.of("three@example.com")))
          .as(g.name().value())
          .hasSize(1);
    }
    assertThat(site.quarantine().list()).as("a failure that passed leaves nothing").isEmpty();
  }

  @Test
  void theOwnerAddressGetsItsOwnReplyBesideTheGroups() throws Exception {
    byte[] raw = message("Ada <ada@example.com>", "both2@example.com", "Hi", "", "Hello\r\n");
    envelope("ada@example.com", "news@lists.test", "news-owner@lists.test");
    List<WireClient.Reply> replies = data(raw, 2);

    assertThat(replies.get(0).text()).as(replies.toString()).contains("taken by news");
    assertThat(replies.get(1).code()).isEqualTo(250);
    assertThat(replies.get(1).text()).contains("passed on");
    assertThat(site.reader().postsByMessageId(news.id(), MessageId.of("both2@example.com")))
        .hasSize(1);
  }

  @Test
  void theGreetingIsLmtpAndHeloAndEhloAreRefused() throws Exception {
    assertThat(lmtp.greeting().code()).isEqualTo(220);
    WireClient.Reply helo = lmtp.command("HELO client.test");
    WireClient.Reply ehlo = lmtp.command("EHLO client.test");
    WireClient.Reply lhlo = lmtp.command("LHLO client.test");

    assertThat(helo.code()).isEqualTo(500);
    assertThat(helo.text()).contains("LMTP").contains("LHLO");
    assertThat(ehlo.code()).isEqualTo(500);
    assertThat(ehlo.text()).contains("LMTP");
    assertThat(lhlo.code()).isEqualTo(250);
    assertThat(lhlo.lines()).contains("250-PIPELINING", "250-SIZE 200000");
    assertThat(lhlo.lines()).noneMatch(l -> l.contains("CHUNKING"));
    assertThat(lmtp.command("BDAT 10 LAST").code()).isEqualTo(502);
  }

  @Test
  void anUnknownRecipientIsRefusedAtRcpt() throws Exception {
    lmtp.command("LHLO client.test");
    lmtp.command("MAIL FROM:<ada@example.com>");
    WireClient.Reply unknown = lmtp.command("RCPT TO:<nobody@lists.test>");
    WireClient.Reply relay = lmtp.command("RCPT TO:<someone@elsewhere.org>");

    assertThat(unknown.code()).isEqualTo(550);
    assertThat(unknown.text()).startsWith("5.1.1").contains("nobody@lists.test");
    assertThat(relay.code()).isEqualTo(550);
    assertThat(relay.text()).contains("Relaying denied");
    // with no recipient taken there is nothing to send
    assertThat(lmtp.command("DATA").code()).isEqualTo(503);
  }

  /**
   * LMTP's one client is the site's own MTA, passing on what others sent: refusals in a row do not
   * end its session, as they would an SMTP client's.
   */
  @Test
  void manyRefusalsInARowDoNotEndTheMtasSession() throws Exception {
    lmtp.command("LHLO client.test");
    lmtp.command("MAIL FROM:<ada@example.com>");
    for (int i = 0; i < ListenerSocket.ERROR_LIMIT * 2; i++) {
      assertThat(lmtp.command("RCPT TO:<nobody-" + i + "@lists.test>").code()).isEqualTo(550);
    }
    assertThat(lmtp.command("NOOP").code()).isEqualTo(250);
  }

  @Test
  void unsubscribeAndBounceAddressesGetRepliesOfTheirOwn() throws Exception {
    Member grace =
        site.members().find(news.id(), EmailAddress.of("grace@example.com")).orElseThrow();
    byte[] raw = message("grace@example.com", "mixed@example.com", "Mixed", "", "hi\r\n");
    envelope(
        "grace@example.com",
        "news-leave+" + grace.token() + "@lists.test",
        "news-bounces+abc@lists.test",
        "closed@lists.test");
    List<WireClient.Reply> replies = data(raw, 3);

    assertThat(replies).extracting(WireClient.Reply::code).containsExactly(250, 250, 250);
    assertThat(replies.get(0).text()).contains("Unsubscribed");
    assertThat(replies.get(1).text()).contains("Report received");
    assertThat(replies.get(2).text()).contains("closed");
    assertThat(site.members().list(news.id()))
        .extracting(m -> m.email().value())
        .containsExactly("ada@example.com");
    assertThat(site.reader().postCount(closed.id())).isEqualTo(1);
    assertThat(site.reader().postCount(news.id())).isZero();
  }

  @Test
  void aGroupNamedTwiceIsPostedOnceAndAnswersBoth() throws Exception {
    byte[] raw = message("ada@example.com", "twice@example.com", "Twice", "", "x\r\n");
    envelope("ada@example.com", "news@lists.test", "NEWS@lists.test");
    List<WireClient.Reply> replies = data(raw, 2);

    assertThat(replies).extracting(WireClient.Reply::code).containsExactly(250, 250);
    assertThat(site.reader().postCount(news.id())).isEqualTo(1);
  }

  @Test
  void aMessageOverTheLimitGets552ForEveryRecipient() throws Exception {
    String big = "x".repeat(998) + "\r\n";
    byte[] raw = message("grace@example.com", "big@example.com", "Big", "", big.repeat(250));
    envelope("grace@example.com", "news@lists.test", "closed@lists.test");
    List<WireClient.Reply> replies = data(raw, 2);

    assertThat(replies).extracting(WireClient.Reply::code).containsExactly(552, 552);
    assertThat(replies.get(0).text()).startsWith("5.3.4");
    assertThat(site.reader().postCount(news.id())).isZero();
    assertThat(lmtp.command("NOOP").code()).isEqualTo(250);
  }

  /**
   * A storage failure is every recipient's temporary failure: Postfix keeps the message. (A message
   * too large to keep in the database goes to a file, and here no file can be written.)
   */
  @Test
  void whenTheArchiveCannotStoreEveryGroupAnswers451() throws Exception {
    Path blobs = dir.resolve("blobs");
    try (var files = Files.walk(blobs)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.writeString(blobs, "not a directory");
    byte[] raw =
        message(
            "grace@example.com",
            "nodisk@example.com",
            "Hello",
            "",
            "a long line of text\r\n".repeat(BlobStore.INLINE_MAX / 20 + 1));
    envelope("grace@example.com", "news@lists.test", "closed@lists.test");
    List<WireClient.Reply> replies = data(raw, 2);

    assertThat(replies).extracting(WireClient.Reply::code).containsExactly(451, 451);
    assertThat(replies.get(1).text()).startsWith("4.3.0");
    assertThat(site.reader().postCount(news.id())).isZero();
  }

  @Test
  void commandsPipelinedAfterTheMessageAreAnswered() throws Exception {
    byte[] one = message("ada@example.com", "p1@example.com", "One", "", "first\r\n");
    byte[] two = message("ada@example.com", "p2@example.com", "Two", "", "second\r\n");
    lmtp.write(
        "LHLO client.test\r\nMAIL FROM:<ada@example.com>\r\nRCPT TO:<news@lists.test>\r\n"
            + "RCPT TO:<closed@lists.test>\r\nDATA\r\n");
    assertThat(lmtp.replies(5))
        .extracting(WireClient.Reply::code)
        .containsExactly(250, 250, 250, 250, 354);
    // the message, its terminator and the next transaction in one write
    lmtp.writeMessage(
        one, "RSET\r\nMAIL FROM:<ada@example.com>\r\nRCPT TO:<news@lists.test>\r\nDATA\r\n");
    assertThat(lmtp.replies(6))
        .extracting(WireClient.Reply::code)
        .containsExactly(250, 550, 250, 250, 250, 354);
    lmtp.writeMessage(two, "QUIT\r\n");
    assertThat(lmtp.replies(2)).extracting(WireClient.Reply::code).containsExactly(250, 221);

    for (String id : List.of("p1@example.com", "p2@example.com")) {
      List<Post> posts = site.reader().postsByMessageId(news.id(), MessageId.of(id));
      assertThat(posts).as(id).hasSize(1);
    }
    assertThat(
            site.reader()
                .raw(
                    site.reader()
                        .postsByMessageId(news.id(), MessageId.of("p2@example.com"))
                        .get(0)))
        .isEqualTo(two);
  }
}
