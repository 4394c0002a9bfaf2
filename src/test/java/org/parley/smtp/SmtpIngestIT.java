package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.archive.BlobStore;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.group.Group;
import org.parley.group.Posting;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;

/** Mail to a group over real SMTP: what is refused at the door, and what is archived as sent. */
class SmtpIngestIT {
  @TempDir Path dir;
  Site site;
  Group group;
  SmtpClient smtp;

  @BeforeEach
  void start() throws Exception {
    site = TestSites.open(dir, Map.of("PARLEY_MAX_MESSAGE_BYTES", "200000")).start();
    group = TestSites.group(site, "news", "ada@example.com", "grace@example.com");
    smtp = new SmtpClient(site.smtpPort());
  }

  @AfterEach
  void stop() {
    smtp.close();
    site.close();
  }

  static byte[] message(
      String from, String messageId, String subject, String extraHeaders, String body) {
    return ("From: "
            + from
            + "\r\nTo: news@lists.test\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + messageId
            + ">\r\nDate: Tue, 25 Nov 2025 11:48:06 +0000\r\n"
            + extraHeaders
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Opens a transaction from ada to the group, up to DATA's 354: the message is the caller's. */
  private static void openMessage(WireClient wire) throws IOException {
    wire.command("EHLO client.test");
    wire.command("MAIL FROM:<ada@example.com>");
    wire.command("RCPT TO:<news@lists.test>");
    assertThat(wire.command("DATA").code()).isEqualTo(354);
  }

  @Test
  void aMembersPostIsAcceptedOnlyAfterItIsStoredWithItsBytesUnchanged() throws Exception {
    byte[] raw =
        message(
            "Ada <ada@example.com>", "m1@example.com", "Hello", "", "First line\r\n  indented\r\n");
    SmtpClient.Reply reply = smtp.send("ada@example.com", List.of("news@lists.test"), raw);

    assertThat(reply.ok()).as(reply.toString()).isTrue();
    List<Post> posts = site.reader().postsByMessageId(group.id(), MessageId.of("m1@example.com"));
    assertThat(posts).hasSize(1);
    assertThat(site.reader().raw(posts.get(0))).isEqualTo(raw);
    assertThat(posts.get(0).fromName()).isEqualTo("Ada");
    assertThat(posts.get(0).bodyText()).contains("  indented");
  }

  @Test
  void aPostWithoutANameInFromIsLinkedToItsAuthorsAccountAndShownUnderItsName() throws Exception {
    Account mary =
        site.accounts().create(EmailAddress.of("mary@example.com"), "Mary Somerville", null, false);
    site.members().add(group.id(), mary.id(), Role.MEMBER, DeliveryMode.EACH);
    Account linus =
        site.accounts().create(EmailAddress.of("linus@example.com"), "Linus", null, false);
    site.groups().update(group.withPosting(Posting.ANYONE, group.replyTo()));

    // a member, and someone with an account here who is not a member of this group
    byte[] fromMember =
        message("mary@example.com", "named-1@example.com", "From a member", "", "Hi\r\n");
    byte[] fromAccount =
        message("<linus@example.com>", "named-2@example.com", "From an account", "", "Hi\r\n");
    SmtpClient.Reply first = smtp.send("mary@example.com", List.of("news@lists.test"), fromMember);
    SmtpClient.Reply second =
        smtp.send("linus@example.com", List.of("news@lists.test"), fromAccount);
    assertThat(first.ok()).as(first.toString()).isTrue();
    assertThat(second.ok()).as(second.toString()).isTrue();

    Post byMember =
        site.reader().postsByMessageId(group.id(), MessageId.of("named-1@example.com")).get(0);
    Post byAccount =
        site.reader().postsByMessageId(group.id(), MessageId.of("named-2@example.com")).get(0);
    assertThat(byMember.accountId()).isEqualTo(mary.id());
    assertThat(byMember.fromName()).isEqualTo("Mary Somerville");
    assertThat(byAccount.accountId()).isEqualTo(linus.id());
    assertThat(byAccount.fromName()).isEqualTo("Linus");
  }

  @Test
  void smallMessagesAreKeptInTheDatabaseAndLargeOnesInFilesBothReadBackUnchanged()
      throws Exception {
    byte[] small = message("ada@example.com", "small@example.com", "Small", "", "short\r\n");
    byte[] large =
        message(
            "ada@example.com",
            "large@example.com",
            "Large",
            "",
            "a long line of text\r\n".repeat(BlobStore.INLINE_MAX / 20 + 1));
    assertThat(smtp.send("ada@example.com", List.of("news@lists.test"), small).ok()).isTrue();
    assertThat(smtp.send("ada@example.com", List.of("news@lists.test"), large).ok()).isTrue();

    java.nio.file.Path files = dir.resolve("blobs");
    for (byte[] raw : List.of(small, large)) {
      String key = BlobStore.sha256(raw);
      long rows =
          site.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM blobs WHERE sha256 = :k")
                          .bind("k", key)
                          .mapTo(Long.class)
                          .one());
      boolean file =
          java.nio.file.Files.exists(
              files.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key));
      assertThat(rows).isEqualTo(raw == small ? 1 : 0);
      assertThat(file).isEqualTo(raw == large);
      Post post =
          site.reader()
              .postsByMessageId(
                  group.id(),
                  MessageId.of(raw == small ? "small@example.com" : "large@example.com"))
              .get(0);
      assertThat(site.reader().raw(post)).isEqualTo(raw);
    }
  }

  @Test
  void theListenerAdvertisesItsSizeLimitAndPipelining() {
    assertThat(smtp.extension("SIZE")).hasValue("200000");
    // RFC 2920: a sending MTA pipelines only when told it may
    assertThat(smtp.extension("PIPELINING")).isPresent();
    assertThat(smtp.extension("8BITMIME")).isPresent();
    assertThat(smtp.extension("SMTPUTF8")).isPresent();
    assertThat(smtp.extension("STARTTLS")).isEmpty(); // not offered, so not listed
  }

  /**
   * RFC 2920 §3.1: a pipelined group whose only recipient is refused gets a reply to every command
   * in order (DATA refused, as there is no one to deliver to), archives nothing, and leaves the
   * session ready for the next transaction.
   */
  @Test
  void aPipelinedTransactionWithItsRecipientRefusedIsAnsweredInOrderAndArchivesNothing()
      throws Exception {
    byte[] raw = message("ada@example.com", "piped@example.com", "Piped", "", "ok\r\n");
    try (WireClient wire = new WireClient(site.smtpPort())) {
      wire.write(
          "EHLO client.test\r\nMAIL FROM:<ada@example.com>\r\nRCPT TO:<nobody@lists.test>\r\n"
              + "DATA\r\n");
      List<WireClient.Reply> replies = wire.replies(4);
      assertThat(replies).extracting(WireClient.Reply::code).containsExactly(250, 250, 550, 503);
      assertThat(replies.get(0).lines()).contains("250-PIPELINING");

      wire.write("RSET\r\nMAIL FROM:<ada@example.com>\r\nRCPT TO:<news@lists.test>\r\nDATA\r\n");
      assertThat(wire.replies(4))
          .extracting(WireClient.Reply::code)
          .containsExactly(250, 250, 250, 354);
      wire.writeMessage(raw, "QUIT\r\n");
      assertThat(wire.replies(2)).extracting(WireClient.Reply::code).containsExactly(250, 221);
    }
    assertThat(site.reader().postCount(group.id())).isEqualTo(1);
    Post post =
        site.reader().postsByMessageId(group.id(), MessageId.of("piped@example.com")).get(0);
    assertThat(site.reader().raw(post)).isEqualTo(raw);
  }

  @Test
  void unknownGroupsAndForeignDomainsAreRefusedAtRcpt() throws Exception {
    byte[] raw = message("ada@example.com", "m2@example.com", "Hi", "", "x\r\n");
    SmtpClient.Reply unknown = smtp.send("ada@example.com", List.of("nobody@lists.test"), raw);
    SmtpClient.Reply relay = smtp.send("ada@example.com", List.of("someone@elsewhere.org"), raw);

    assertThat(unknown.code()).isEqualTo(550);
    assertThat(unknown.step()).isEqualTo("RCPT");
    assertThat(unknown.text()).contains("5.1.1").contains("nobody@lists.test");
    assertThat(relay.code()).isEqualTo(550);
    assertThat(relay.step()).isEqualTo("RCPT");
    assertThat(relay.text()).contains("Relaying denied");
  }

  @Test
  void aNonMemberIsRefusedWithASentenceAndNothingIsStored() throws Exception {
    byte[] raw = message("Eve <eve@example.net>", "m3@example.net", "Buy now", "", "spam\r\n");
    SmtpClient.Reply reply = smtp.send("eve@example.net", List.of("news@lists.test"), raw);

    assertThat(reply.code()).isEqualTo(550);
    assertThat(reply.step()).isEqualTo("DATA");
    assertThat(reply.text()).contains("eve@example.net is not a member of news@lists.test");
    assertThat(site.reader().postCount(group.id())).isZero();
  }

  @Test
  void aMessageOverTheLimitGets552() throws Exception {
    String big = "x".repeat(998) + "\r\n";
    byte[] raw = message("ada@example.com", "m4@example.com", "Big", "", big.repeat(250));
    SmtpClient.Reply reply = smtp.send("ada@example.com", List.of("news@lists.test"), raw);

    assertThat(reply.code()).isEqualTo(552);
    assertThat(site.reader().postCount(group.id())).isZero();
    // the session is still usable afterwards
    assertThat(
            smtp.send(
                    "ada@example.com",
                    List.of("news@lists.test"),
                    message("ada@example.com", "m5@example.com", "Small", "", "ok\r\n"))
                .ok())
        .isTrue();
  }

  @Test
  void aDeclaredSizeIsReadWhereverItStandsAmongTheParameters() throws Exception {
    try (WireClient wire = new WireClient(site.smtpPort())) {
      wire.greeting();
      wire.command("EHLO client.test");
      // as Postfix sends it: SIZE first, BODY after it; over the listener's 200,000 bytes
      WireClient.Reply tooBig =
          wire.command("MAIL FROM:<ada@example.com> SIZE=300000 BODY=8BITMIME");
      assertThat(tooBig.code()).isEqualTo(552);
      assertThat(tooBig.text()).contains("5.3.4").contains("200000 bytes");
      // a size past 2^31 is too large, not a crash into a 421 the sender would retry for days
      assertThat(wire.command("MAIL FROM:<ada@example.com> SIZE=99999999999").code())
          .isEqualTo(552);
      assertThat(wire.command("MAIL FROM:<ada@example.com> SIZE=lots").code()).isEqualTo(501);
      assertThat(wire.command("MAIL FROM:<ada@example.com SIZE=12").code()).isEqualTo(501);
      // within the limit, with SMTPUTF8 and a quoted local part holding a '>': the mail goes
      assertThat(
              wire.command("MAIL FROM:<\"a>b\"@example.com> SIZE=120 BODY=8BITMIME SMTPUTF8")
                  .code())
          .isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(503);
      wire.command("RSET");
      assertThat(wire.command("MAIL FROM:<ada@example.com> SIZE=120 BODY=8BITMIME").code())
          .isEqualTo(250);
      assertThat(wire.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.write(message("ada@example.com", "m30@example.com", "Sized", "", "ok\r\n"));
      assertThat(wire.command(".").code()).isEqualTo(250);
    }
    assertThat(site.reader().postCount(group.id())).isEqualTo(1);
  }

  @Test
  void autoRepliesAreRefusedAndOurOwnCopiesAreDroppedAsLoops() throws Exception {
    SmtpClient.Reply vacation =
        smtp.send(
            "ada@example.com",
            List.of("news@lists.test"),
            message(
                "ada@example.com",
                "m6@example.com",
                "Out of office",
                "Auto-Submitted: auto-replied\r\n",
                "away\r\n"));
    SmtpClient.Reply bulk =
        smtp.send(
            "ada@example.com",
            List.of("news@lists.test"),
            message(
                "ada@example.com",
                "m7@example.com",
                "Newsletter",
                "Precedence: bulk\r\n",
                "news\r\n"));
    SmtpClient.Reply loop =
        smtp.send(
            "ada@example.com",
            List.of("news@lists.test"),
            message(
                "ada@example.com",
                "m8@example.com",
                "Re: x",
                "List-Id: News <news.lists.test>\r\n",
                "echo\r\n"));

    // a read receipt or out-of-office notice with no header to say so: only its null return path
    SmtpClient.Reply receipt =
        smtp.send(
            "<>", // Angus Mail sends this as MAIL FROM:<>
            List.of("news@lists.test"),
            message("ada@example.com", "m9@example.com", "Read: x", "", "was read\r\n"));

    assertThat(vacation.code()).isEqualTo(550);
    assertThat(vacation.text()).contains("automatic");
    assertThat(receipt.code()).isEqualTo(550);
    assertThat(receipt.text()).contains("empty return path");
    assertThat(bulk.code()).isEqualTo(550);
    assertThat(loop.ok()).isTrue();
    assertThat(site.reader().postCount(group.id())).isZero();
  }

  @Test
  void aMessageNestedTooDeepIsRefusedWith554() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      sb.append("Content-Type: multipart/mixed; boundary=\"b")
          .append(i)
          .append("\"\r\n\r\n--b")
          .append(i)
          .append("\r\n");
    }
    sb.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
    byte[] raw =
        ("From: ada@example.com\r\nTo: news@lists.test\r\nSubject: deep\r\nMessage-ID: <deep@example.com>\r\nMIME-Version: 1.0\r\n"
                + sb)
            .getBytes(StandardCharsets.UTF_8);
    SmtpClient.Reply reply = smtp.send("ada@example.com", List.of("news@lists.test"), raw);

    assertThat(reply.code()).isEqualTo(554);
    assertThat(reply.text()).contains("5.6.0");
    assertThat(site.reader().postCount(group.id())).isZero();
  }

  @Test
  void aSecondDeliveryOfTheSameMessageChangesNothingButAReusedIdWithOtherBytesIsKept()
      throws Exception {
    byte[] raw = message("ada@example.com", "dup@example.com", "Once", "", "one\r\n");
    byte[] other = message("ada@example.com", "dup@example.com", "Once", "", "another body\r\n");

    assertThat(smtp.send("ada@example.com", List.of("news@lists.test"), raw).ok()).isTrue();
    assertThat(smtp.send("ada@example.com", List.of("news@lists.test"), raw).ok()).isTrue();
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("dup@example.com")))
        .hasSize(1);

    assertThat(smtp.send("ada@example.com", List.of("news@lists.test"), other).ok()).isTrue();
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("dup@example.com")))
        .hasSize(2);
  }

  @Test
  void repliesJoinTheirTopicByReferencesOrBySubject() throws Exception {
    smtp.send(
        "ada@example.com",
        List.of("news@lists.test"),
        message("ada@example.com", "root@example.com", "[news] Lunch?", "", "Where?\r\n"));
    smtp.send(
        "grace@example.com",
        List.of("news@lists.test"),
        message(
            "grace@example.com",
            "r1@example.com",
            "Re: [news] Lunch?",
            "In-Reply-To: <root@example.com>\r\nReferences: <root@example.com>\r\n",
            "Here.\r\n"));
    smtp.send(
        "ada@example.com",
        List.of("news@lists.test"),
        message("ada@example.com", "r2@example.com", "AW: Lunch?", "", "Ok.\r\n"));
    smtp.send(
        "ada@example.com",
        List.of("news@lists.test"),
        message(
            "ada@example.com",
            "other@example.com",
            "Lunch?",
            "",
            "A new question with the same words.\r\n"));

    Post root = site.reader().postsByMessageId(group.id(), MessageId.of("root@example.com")).get(0);
    Post r1 = site.reader().postsByMessageId(group.id(), MessageId.of("r1@example.com")).get(0);
    Post r2 = site.reader().postsByMessageId(group.id(), MessageId.of("r2@example.com")).get(0);
    Post other =
        site.reader().postsByMessageId(group.id(), MessageId.of("other@example.com")).get(0);
    assertThat(r1.topicId()).isEqualTo(root.topicId());
    assertThat(r1.parentId()).isEqualTo(root.id().value());
    assertThat(r2.topicId()).isEqualTo(root.topicId());
    assertThat(other.topicId()).isNotEqualTo(root.topicId());
    assertThat(site.reader().topic(root.topicId()).orElseThrow().subject()).isEqualTo("Lunch?");
    assertThat(site.reader().topic(root.topicId()).orElseThrow().postCount()).isEqualTo(3);
  }

  @Test
  void aReplyThatArrivesBeforeItsParentIsJoinedByTheParent() throws Exception {
    smtp.send(
        "grace@example.com",
        List.of("news@lists.test"),
        message(
            "grace@example.com",
            "child@example.com",
            "Re: Plans",
            "In-Reply-To: <parent@example.com>\r\n",
            "Agreed.\r\n"));
    smtp.send(
        "ada@example.com",
        List.of("news@lists.test"),
        message("ada@example.com", "parent@example.com", "Plans", "", "Plan A\r\n"));

    Post child =
        site.reader().postsByMessageId(group.id(), MessageId.of("child@example.com")).get(0);
    Post parent =
        site.reader().postsByMessageId(group.id(), MessageId.of("parent@example.com")).get(0);
    assertThat(parent.topicId()).isEqualTo(child.topicId());
  }

  @Test
  void aMessageToTwoGroupsIsRefusedWholeWhenOneRefusesIt() throws Exception {
    TestSites.group(site, "closed", "grace@example.com");
    byte[] raw = message("ada@example.com", "two@example.com", "Both", "", "x\r\n");
    SmtpClient.Reply reply =
        smtp.send("ada@example.com", List.of("news@lists.test", "closed@lists.test"), raw);

    assertThat(reply.code()).isEqualTo(550);
    assertThat(site.reader().postCount(group.id())).isZero();
  }

  @Test
  void theUnsubscribeAddressOfAMemberEndsThatMembershipOnly() throws Exception {
    org.parley.member.Member grace =
        site.members()
            .find(group.id(), org.parley.account.EmailAddress.of("grace@example.com"))
            .orElseThrow();
    byte[] raw = message("grace@example.com", "leave@example.com", "unsubscribe", "", "\r\n");

    SmtpClient.Reply wrong =
        smtp.send("grace@example.com", List.of("news-leave+0000@lists.test"), raw);
    SmtpClient.Reply bare = smtp.send("grace@example.com", List.of("news-leave@lists.test"), raw);
    assertThat(wrong.ok()).isTrue();
    assertThat(bare.code()).isEqualTo(550);
    for (String command : List.of("news-request", "news-unsubscribe", "news-join")) {
      SmtpClient.Reply r = smtp.send("grace@example.com", List.of(command + "@lists.test"), raw);
      // joining and leaving by mail wait for a confirmation (JoiningByMailIT): nothing changes yet
      assertThat(r.code()).as(command).isEqualTo(250);
    }
    assertThat(site.members().list(group.id())).hasSize(2);

    SmtpClient.Reply leave =
        smtp.send("grace@example.com", List.of("news-leave+" + grace.token() + "@lists.test"), raw);
    assertThat(leave.ok()).isTrue();
    assertThat(site.members().list(group.id()))
        .extracting(m -> m.email().value())
        .containsExactly("ada@example.com");
    assertThat(site.reader().postCount(group.id())).isZero();
  }

  /**
   * SMTP smuggling (RFC 5321 §4.1.1.4, the 2023 advisories): only CRLF.CRLF ends DATA, so a bare LF
   * "." line cannot end one message and start a second with a forged sender.
   */
  @Test
  void aBareLineFeedDotDoesNotEndTheMessage() throws Exception {
    try (WireClient wire = new WireClient(site.smtpPort())) {
      wire.command("EHLO client.test");
      wire.command("MAIL FROM:<ada@example.com>");
      wire.command("RCPT TO:<news@lists.test>");
      wire.command("DATA");
      wire.write(
          "From: ada@example.com\r\nSubject: one\r\nMessage-ID: <smuggle@example.com>\r\n\r\n"
              + "first\n.\r\nMAIL FROM:<ceo@victim.example>\r\nRCPT TO:<news@lists.test>\r\nDATA\r\n"
              + "From: ceo@victim.example\r\nSubject: forged\r\n\r\nsmuggled\r\n.\r\n");
      assertThat(wire.reply().code()).isEqualTo(250);
      wire.command("QUIT");
    }
    assertThat(site.reader().postCount(group.id())).isEqualTo(1);
    Post only =
        site.reader().postsByMessageId(group.id(), MessageId.of("smuggle@example.com")).get(0);
    assertThat(only.fromAddress()).isEqualTo("ada@example.com");
    assertThat(new String(site.reader().raw(only), StandardCharsets.UTF_8))
        .contains("ceo@victim.example");
  }

  /** RELIABILITY item 16: a greeting with a NUL (or another control character) is not a name. */
  @Test
  void c3AGreetingWithANulByteIsRefusedWith501AndAGoodOneStillWorks() throws Exception {
    try (WireClient wire = new WireClient(site.smtpPort())) {
      for (String greeting :
          List.of("EHLO client\0.test", "HELO client\0.test", "EHLO client\u0007.test")) {
        WireClient.Reply r = wire.command(greeting);
        assertThat(r.code()).as(greeting).isEqualTo(501);
        assertThat(r.text()).startsWith("5.5.2 ").contains("control character");
      }
      assertThat(wire.command("EHLO client\0.test").text()).contains("(NUL)");
      // the same connection greets properly and goes on
      assertThat(wire.command("HELO client.test").code()).isEqualTo(250);
      assertThat(wire.command("EHLO client.test").code()).isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
    }
  }

  /**
   * RFC 5321 §4.5.3.1.8: a transaction takes 100 recipients; each one past that is told 452 (try
   * again in another transaction), and the message still goes to those taken.
   */
  @Test
  void pastOneHundredRecipientsEachMoreIsToldToComeBackAndTheMessageStillGoes() throws Exception {
    byte[] raw = message("ada@example.com", "many@example.com", "Many", "", "x\r\n");
    try (WireClient wire = new WireClient(site.smtpPort())) {
      assertThat(wire.command("EHLO client.test").code()).isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
      for (int i = 0; i < 100; i++) {
        assertThat(wire.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      }
      WireClient.Reply over = wire.command("RCPT TO:<news@lists.test>");
      assertThat(over.code()).as(over.toString()).isEqualTo(452);
      assertThat(over.text()).startsWith("4.5.3 ").contains("another");
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.writeMessage(raw, "");
      assertThat(wire.reply().code()).isEqualTo(250);
    }
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("many@example.com")))
        .hasSize(1);
  }

  /**
   * RFC 2920 §3.1: DATA ends a pipelined group, and the client waits for 354 before the message. A
   * client that sends the message with its commands is refused with 554 and cut off, and nothing it
   * sent is archived (Postfix: smtpd_forbid_unauth_pipelining).
   */
  @Test
  void aMessageSentBeforeThe354IsRefusedAndTheConnectionClosed() throws Exception {
    byte[] raw = message("ada@example.com", "early@example.com", "Early", "", "too soon\r\n");
    try (WireClient wire = new WireClient(site.smtpPort())) {
      assertThat(wire.command("EHLO client.test").code()).isEqualTo(250);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(
          "MAIL FROM:<ada@example.com>\r\nRCPT TO:<news@lists.test>\r\nDATA\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      all.writeBytes(WireClient.dotStuffed(raw));
      wire.write(all.toByteArray());

      List<WireClient.Reply> replies = wire.replies(3);
      assertThat(replies).extracting(WireClient.Reply::code).containsExactly(250, 250, 554);
      assertThat(replies.get(2).text()).startsWith("5.5.0").contains("before the 354");
      assertThatThrownBy(wire::reply).hasMessageContaining("closed the connection");
    }
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("early@example.com")))
        .isEmpty();
  }

  /**
   * RFC 2920: a client may send the next commands right behind the message's terminator, in the
   * same packet; the DATA reader must leave them for the command reader.
   */
  @Test
  void commandsPipelinedAfterTheMessageAreAnswered() throws Exception {
    byte[] one = message("ada@example.com", "p1@example.com", "One", "", ".starts\r\nx\r\n");
    byte[] two = message("ada@example.com", "p2@example.com", "Two", "", "second\r\n");
    try (WireClient wire = new WireClient(site.smtpPort())) {
      wire.write(
          "EHLO client.test\r\nMAIL FROM:<ada@example.com>\r\nRCPT TO:<news@lists.test>\r\nDATA\r\n");
      assertThat(wire.replies(4))
          .extracting(WireClient.Reply::code)
          .containsExactly(250, 250, 250, 354);
      wire.writeMessage(
          one, "RSET\r\nMAIL FROM:<ada@example.com>\r\nRCPT TO:<news@lists.test>\r\nDATA\r\n");
      assertThat(wire.replies(5))
          .extracting(WireClient.Reply::code)
          .containsExactly(250, 250, 250, 250, 354);
      wire.writeMessage(two, "QUIT\r\n");
      assertThat(wire.replies(2)).extracting(WireClient.Reply::code).containsExactly(250, 221);
    }
    Post first = site.reader().postsByMessageId(group.id(), MessageId.of("p1@example.com")).get(0);
    Post second = site.reader().postsByMessageId(group.id(), MessageId.of("p2@example.com")).get(0);
    assertThat(site.reader().raw(first)).isEqualTo(one);
    assertThat(site.reader().raw(second)).isEqualTo(two);
  }

  /** A client that hangs up before the terminator has sent no message: nothing is archived. */
  @Test
  void aConnectionLostInTheMiddleOfAMessageArchivesNothing() throws Exception {
    byte[] raw = message("ada@example.com", "cut@example.com", "Cut", "", "complete?\r\n");
    try (WireClient wire = new WireClient(site.smtpPort())) {
      openMessage(wire);
      wire.write(raw); // and no CRLF.CRLF
    }
    // a message after it on a new connection is taken, so the first had its chance to arrive
    assertThat(
            smtp.send(
                    "ada@example.com",
                    List.of("news@lists.test"),
                    message("ada@example.com", "after@example.com", "After", "", "ok\r\n"))
                .ok())
        .isTrue();
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("cut@example.com")))
        .isEmpty();
    assertThat(site.reader().postCount(group.id())).isEqualTo(1);
  }

  /** BDAT (RFC 3030) still goes through SubEthaSMTP's own command and our handler's limits. */
  @Test
  void aMessageSentInBdatChunksIsArchivedAsSentAndTheLimitHolds() throws Exception {
    assertThat(smtp.extension("CHUNKING")).isPresent();
    byte[] raw =
        message(
            "ada@example.com",
            "chunks@example.com",
            "Chunks",
            "",
            // no line starts with a dot: Angus Mail 2.0.4 dot-stuffs BDAT chunks too, which RFC
            // 3030 §2 says not to, and the server rightly keeps what it is given
            "line\r\n".repeat(500));
    String big = "x".repeat(998) + "\r\n";
    byte[] tooBig = message("ada@example.com", "bigchunks@example.com", "Big", "", big.repeat(250));
    try (SmtpClient chunked =
        new SmtpClient(site.smtpPort(), Map.of("mail.smtp.chunksize", "1000"))) {
      SmtpClient.Reply ok = chunked.send("ada@example.com", List.of("news@lists.test"), raw);
      assertThat(ok.ok()).as(ok.toString()).isTrue();
    }
    // (big chunks: each BDAT waits for its reply, and loopback's delayed ACKs add up)
    try (SmtpClient chunked =
        new SmtpClient(site.smtpPort(), Map.of("mail.smtp.chunksize", "100000"))) {
      // Angus Mail reports a refused BDAT LAST as an IOException carrying the reply
      assertThatThrownBy(() -> chunked.send("ada@example.com", List.of("news@lists.test"), tooBig))
          .hasStackTraceContaining("552 5.3.4");
    }
    List<Post> posts =
        site.reader().postsByMessageId(group.id(), MessageId.of("chunks@example.com"));
    assertThat(posts).hasSize(1);
    assertThat(site.reader().raw(posts.get(0))).isEqualTo(raw);
    assertThat(site.reader().postCount(group.id())).isEqualTo(1);
  }

  /**
   * A storage failure is a temporary refusal (451): the sender keeps the message and retries. A
   * message too large to keep in the database goes to a file, and here the file cannot be written.
   */
  @Test
  void whenTheBlobStoreCannotWriteTheAnswerIs451AndNothingIsArchived() throws Exception {
    java.nio.file.Path blobs = dir.resolve("blobs");
    try (var files = java.nio.file.Files.walk(blobs)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    java.nio.file.Files.writeString(blobs, "not a directory"); // as a full or broken disk would

    SmtpClient.Reply reply =
        smtp.send(
            "ada@example.com",
            List.of("news@lists.test"),
            message(
                "ada@example.com",
                "nodisk@example.com",
                "Hello",
                "",
                "a long line of text\r\n".repeat(BlobStore.INLINE_MAX / 20 + 1)));

    assertThat(reply.code()).isEqualTo(451);
    assertThat(reply.text()).startsWith("4.3.0");
    assertThat(site.reader().postCount(group.id())).isZero();
  }

  /**
   * Stopping the site (Ctrl-C, SIGTERM) first answers the message under way with its 250, and tells
   * a transaction that has not begun, and a connection that is new, to come back later (421, RFC
   * 5321 §3.8), so no sender is cut off in the middle and left to guess.
   */
  @Test
  void whenTheSiteStopsTheMessageUnderWayIsAnsweredAndNewTransactionsAreToldToComeBack()
      throws Exception {
    byte[] wire =
        WireClient.dotStuffed(
            message("ada@example.com", "late@example.com", "Late", "", "just in time\r\n"));
    Thread closer;
    try (WireClient under = new WireClient(site.smtpPort());
        WireClient next = new WireClient(site.smtpPort())) {
      openMessage(under);
      under.write(Arrays.copyOf(wire, wire.length / 2));
      next.command("EHLO other.test");

      closer = Thread.ofPlatform().start(site::close);
      // until the stop has begun a MAIL begins a transaction: reset it and ask again
      AtomicReference<WireClient.Reply> refusedOnce = new AtomicReference<>();
      Awaitility.await("MAIL to be refused once the stop has begun")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(10))
          .pollInSameThread()
          .until(
              () -> {
                WireClient.Reply r = next.command("MAIL FROM:<grace@example.com>");
                if (r.code() == 250) {
                  next.command("RSET");
                  return false;
                }
                refusedOnce.set(r);
                return true;
              });
      WireClient.Reply refused = refusedOnce.get();
      assertThat(refused.code()).as(refused.toString()).isEqualTo(421);
      assertThat(refused.text()).startsWith("4.3.2").contains("shutting down");
      assertThat(closer.isAlive()).as("the stop waits for the message under way").isTrue();
      // a sender that connects now is not greeted by a server that will take nothing
      try (WireClient late = new WireClient(site.smtpPort())) {
        assertThat(late.greeting().code()).isEqualTo(421);
        assertThat(late.greeting().text()).startsWith("4.3.2").contains("shutting down");
      }

      under.write(Arrays.copyOfRange(wire, wire.length / 2, wire.length));
      assertThat(under.reply().code()).isEqualTo(250);
    }
    closer.join(Duration.ofSeconds(30));
    assertThat(closer.isAlive()).isFalse();
    site = TestSites.open(dir, Map.of());
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("late@example.com")))
        .hasSize(1);
  }

  /**
   * A transaction still unfinished when the grace runs out gets no answer: its connection is closed
   * (the sender tries again), nothing of it is archived, and the stop waits no longer than the
   * grace.
   */
  @Test
  void whenTheGraceRunsOutAnUnfinishedMessageIsCutOffAndNothingOfItIsKept() throws Exception {
    site.close();
    site = TestSites.open(dir, Map.of("PARLEY_STOP_GRACE_SECONDS", "1")).start();
    byte[] wire =
        WireClient.dotStuffed(
            message("ada@example.com", "unfinished@example.com", "Unfinished", "", "never\r\n"));
    try (WireClient under = new WireClient(site.smtpPort())) {
      openMessage(under);
      under.write(Arrays.copyOf(wire, wire.length / 2));

      long start = System.nanoTime();
      site.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took)
          .as("the stop waited out the grace")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(took).as("and then went on").isLessThan(Duration.ofSeconds(30));
      assertThatThrownBy(under::reply).isInstanceOf(IOException.class);
    }
    site = TestSites.open(dir, Map.of());
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("unfinished@example.com")))
        .isEmpty();
  }

  /**
   * A disk short of room answers MAIL 452 4.3.1 before a byte of the message is sent, so the sender
   * keeps it and comes back; a message that fits is taken again once there is room.
   */
  @Test
  void whenTheDiskIsShortOfRoomMailIsAnswered452AndTakenOnceThereIsRoom() throws Exception {
    byte[] raw = message("ada@example.com", "room@example.com", "Room", "", "fits\r\n");
    site.close();
    // a floor no disk can meet
    site = TestSites.open(dir, Map.of("PARLEY_MIN_FREE_BYTES", Long.toString(Long.MAX_VALUE)));
    site.start();
    try (WireClient wire = new WireClient(site.smtpPort())) {
      wire.command("EHLO client.test");
      WireClient.Reply reply = wire.command("MAIL FROM:<ada@example.com> SIZE=" + raw.length);
      assertThat(reply.code()).as(reply.toString()).isEqualTo(452);
      assertThat(reply.text()).startsWith("4.3.1").contains("storage");
      // the session stays usable: it may ask again later
      assertThat(wire.command("NOOP").code()).isEqualTo(250);
    }
    assertThat(site.reader().postCount(group.id())).isZero();
    site.close();

    site = TestSites.open(dir, Map.of()).start();
    try (SmtpClient again = new SmtpClient(site.smtpPort())) {
      assertThat(again.send("ada@example.com", List.of("news@lists.test"), raw).ok()).isTrue();
    }
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("room@example.com")))
        .hasSize(1);
  }

  /**
   * One client address holds at most max_connections_per_address connections: one more is told 421
   * 4.7.0 at once, and others, or the same address once it closes one, still get in.
   */
  @Test
  void oneAddressCannotTakeEveryPlaceOnTheListener() throws Exception {
    site.close();
    site = TestSites.open(dir, Map.of("PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "2")).start();
    try (WireClient one = new WireClient(site.smtpPort());
        WireClient two = new WireClient(site.smtpPort())) {
      assertThat(one.greeting().code()).isEqualTo(220);
      assertThat(two.greeting().code()).isEqualTo(220);
      try (WireClient three = new WireClient(site.smtpPort())) {
        assertThat(three.greeting().code()).as(three.greeting().toString()).isEqualTo(421);
        assertThat(three.greeting().text()).startsWith("4.7.0");
      }
      one.command("QUIT");
      // the place comes back once the session has closed its side
      Awaitility.await("a greeting of 220 once the place is free")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                try (WireClient again = new WireClient(site.smtpPort())) {
                  return again.greeting().code() == 220;
                }
              });
    }
  }

  /**
   * A session that keeps making errors is ended, as Postfix's hard error limit does: after 20
   * refusals without a delivered message the client is told 421 and disconnected, and a transaction
   * it had already sent behind them is not taken.
   */
  @Test
  void aSessionThatKeepsErringIsEndedAndWhatItSentBehindTheErrorsIsNotTaken() throws Exception {
    byte[] raw = message("ada@example.com", "behind@example.com", "Behind", "", "x\r\n");
    try (WireClient wire = new WireClient(site.smtpPort())) {
      assertThat(wire.command("EHLO client.test").code()).isEqualTo(250);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int i = 0; i < ListenerSocket.ERROR_LIMIT; i++) {
        all.writeBytes(("JUNK " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      all.writeBytes(
          "MAIL FROM:<ada@example.com>\r\nRCPT TO:<news@lists.test>\r\nDATA\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      all.writeBytes(WireClient.dotStuffed(raw));
      wire.write(all.toByteArray()); // one write, as a pipelining client sends

      List<WireClient.Reply> replies = wire.replies(ListenerSocket.ERROR_LIMIT + 1);
      assertThat(replies.subList(0, ListenerSocket.ERROR_LIMIT))
          .extracting(WireClient.Reply::code)
          .containsOnly(500);
      WireClient.Reply last = replies.get(ListenerSocket.ERROR_LIMIT);
      assertThat(last.code()).as(last.toString()).isEqualTo(421);
      assertThat(last.text()).startsWith("4.7.0 lists.test").contains("Too many errors");
      assertThatThrownBy(wire::reply).hasMessageContaining("closed the connection");
    }
    // the session is over, and so is its buffered transaction: a new connection is served
    try (WireClient again = new WireClient(site.smtpPort())) {
      assertThat(again.greeting().code()).isEqualTo(220);
      assertThat(again.command("QUIT").code()).isEqualTo(221);
    }
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("behind@example.com")))
        .isEmpty();
  }

  /** The limit is on errors made without delivering mail: a delivered message forgives them. */
  @Test
  void aDeliveredMessageForgivesTheErrorsBeforeIt() throws Exception {
    byte[] raw = message("ada@example.com", "forgiven@example.com", "Forgiven", "", "x\r\n");
    try (WireClient wire = new WireClient(site.smtpPort())) {
      assertThat(wire.command("EHLO client.test").code()).isEqualTo(250);
      assertThat(wire.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
      for (int i = 1; i < ListenerSocket.ERROR_LIMIT; i++) {
        assertThat(wire.command("RCPT TO:<nosuch-" + i + "@lists.test>").code()).isEqualTo(550);
      }
      assertThat(wire.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(wire.command("DATA").code()).isEqualTo(354);
      wire.writeMessage(raw, "");
      assertThat(wire.reply().code()).isEqualTo(250);

      assertThat(wire.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
      for (int i = 1; i < ListenerSocket.ERROR_LIMIT; i++) {
        assertThat(wire.command("RCPT TO:<other-" + i + "@lists.test>").code()).isEqualTo(550);
      }
      assertThat(wire.command("NOOP").code()).as("still served").isEqualTo(250);
    }
    assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("forgiven@example.com")))
        .hasSize(1);
  }
}
