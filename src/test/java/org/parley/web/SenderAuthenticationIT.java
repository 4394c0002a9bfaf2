package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.archive.MessageId;
import org.parley.archive.PostId;
import org.parley.delivery.RejectionNotice;
import org.parley.group.ChangedBy;
import org.parley.group.DmarcFailure;
import org.parley.group.Group;
import org.parley.mailauth.DkimAlgorithm;
import org.parley.mailauth.DkimKey;
import org.parley.mailauth.DkimKeys;
import org.parley.mailauth.DkimSigner;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestDns;
import org.parley.testkit.WireClient;

/**
 * Sender authentication at the door (issue 21, item 2), over real SMTP to a real site that asks a
 * real DNS server (nsd) on 127.0.0.1: a forged member From of a p=reject domain whose SPF fails
 * reaches no member, held for a moderator by default (who sees the checks' results) or refused with
 * the reason; a real member's post from a domain whose SPF authorizes the client goes to the
 * members with {@code spf=pass … dmarc=pass} recorded, and so does one its domain signed (DKIM
 * aligned) though SPF fails; behind a front MTA (LMTP) the client its Received field names is the
 * one judged; a DNS server that does not answer is a 451, so the sending server tries again; with
 * {@code sender_auth} off nothing is checked.
 */
class SenderAuthenticationIT {
  static TestDns dns;
  static DkimKey carolsKey;

  @TempDir Path dir;
  GreenMail relay;
  WebSite web;
  Group news;

  @BeforeAll
  static void serveZones(@TempDir Path keys) throws Exception {
    carolsKey =
        new DkimKeys(keys, java.time.Clock.systemUTC())
            .generate("signed.example", "s1", DkimAlgorithm.ED25519_SHA256, 0, true)
            .key();
    dns =
        TestDns.start(
            new TestDns.Zones()
                // carol's domain signs her mail, and its SPF does not authorize the test's client
                .txt("signed.example", "v=spf1 ip4:192.0.2.1 -all")
                .txt("_dmarc.signed.example", "v=DMARC1; p=reject")
                .txt(carolsKey.recordName(), carolsKey.record())
                // the test's client is 127.0.0.1: ann's domain sends from it, bob's does not
                .txt("good.example", "v=spf1 ip4:127.0.0.1 -all")
                .txt("_dmarc.good.example", "v=DMARC1; p=reject")
                .txt("reject.example", "v=spf1 ip4:192.0.2.1 -all")
                .txt("_dmarc.reject.example", "v=DMARC1; p=reject"));
  }

  @AfterAll
  static void stopDns() throws Exception {
    if (dns != null) {
      dns.close();
    }
  }

  void open(Map<String, String> settings) {
    relay = greenMail(freePort());
    Map<String, String> env = new HashMap<>(settings);
    env.put("PARLEY_RELAY", "smtp://127.0.0.1:" + relay.getSmtp().getPort());
    web = new WebSite(dir, env);
    news = web.group("news", true);
    Account owner = web.account("owen@example.com", "Owen Owner", java.time.ZoneId.of("UTC"));
    web.site.members().add(news.id(), owner.id(), Role.OWNER, DeliveryMode.NONE);
    web.member(news, "ann@good.example", "Ann");
    web.member(news, "bob@reject.example", "Bob");
    web.member(news, "carol@signed.example", "Carol");
  }

  void checked() {
    open(Map.of("PARLEY_SENDER_AUTH", "on", "PARLEY_DNS_SERVERS", dns.setting()));
  }

  @AfterEach
  void stop() {
    if (web != null) {
      web.close();
    }
    if (relay != null) {
      relay.stop();
    }
  }

  SmtpClient.Reply post(String from, String id, String subject) throws Exception {
    return send(
        from,
        WebSite.message("news", from, id, subject, null, "Hello.")
            .replace("\n", "\r\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  SmtpClient.Reply send(String from, byte[] raw) throws Exception {
    try (SmtpClient smtp = new SmtpClient(web.site.smtpPort())) {
      return smtp.send(from, List.of("news@lists.test"), raw);
    }
  }

  List<String> subjects(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : inbox(relay, address)) {
      out.add(m.getSubject());
    }
    return out;
  }

  void settle() {
    await("the jobs to settle", Duration.ofSeconds(20), () -> web.site.jobs().idle());
    web.awaitMailSent();
  }

  Optional<PostId> archived(String id) {
    return web.site.reader().postsByMessageId(news.id(), MessageId.of(id)).stream()
        .findFirst()
        .map(p -> p.id());
  }

  @Test
  void aForgedMemberFromOfARejectDomainIsHeldAndReachesNoMember() throws Exception {
    checked();
    SmtpClient.Reply r = post("bob@reject.example", "forged-1@reject.example", "Forged");
    assertThat(r.code()).as(r.toString()).isEqualTo(250);
    assertThat(r.text()).contains("held for a moderator");
    HeldMessages.Held held =
        web.site.held().list(Optional.of(news.name())).stream().findFirst().orElseThrow();
    assertThat(held.hits()).extracting(RecordedHit::rule).containsExactly("dmarc-moderation");
    assertThat(held.authenticationResults())
        .isEqualTo(
            "lists.test; spf=fail smtp.mailfrom=bob@reject.example; dkim=none;"
                + " dmarc=fail (p=reject) reason=\"no aligned SPF or DKIM pass\""
                + " header.from=reject.example");
    assertThat(archived("forged-1@reject.example")).isEmpty();

    // the moderators see why, and what the checks found
    WebClient owen = web.client();
    owen.login("owen@example.com", WebSite.PASSWORD);
    String page = owen.get("/g/news/pending").body();
    assertThat(page)
        .contains("dmarc-moderation")
        .contains("Authentication-Results: lists.test; spf=fail smtp.mailfrom=bob@reject.example");

    // no member gets it, and bob, whose address was used, is sent no receipt of it either
    settle();
    assertThat(subjects("ann@good.example")).doesNotContain("Forged");
    assertThat(subjects("bob@reject.example")).isEmpty();

    // a moderator who approves it after all posts it with what was recorded when it was held
    assertThat(web.site.ingestor().approve(held.id()))
        .isInstanceOf(org.parley.ingest.IngestResult.Accepted.class);
    PostId post = archived("forged-1@reject.example").orElseThrow();
    assertThat(web.site.reader().authenticationResults(post))
        .contains(held.authenticationResults());
  }

  /**
   * A held message whose sender may be forged offers its moderators only approve and discard: the
   * address it names may be a member's who never sent it, so nobody is mailed a rejection, always
   * allowed or banned on its account, by the page or by a request made by hand.
   */
  @Test
  void aForgedMessageIsNeverAnsweredNorAllowedNorBannedOnItsAddressAccount() throws Exception {
    checked();
    post("bob@reject.example", "forged-2@reject.example", "Forged twice");
    post("bob@reject.example", "forged-3@reject.example", "Forged thrice");
    List<HeldMessages.Held> held = web.site.held().list(Optional.of(news.name()));
    assertThat(held).hasSize(2).allMatch(HeldMessages.Held::senderUnproven);
    WebClient owen = web.client();
    owen.login("owen@example.com", WebSite.PASSWORD);
    String page = owen.get("/g/news/pending").body();
    assertThat(page)
        .contains("This message may be forged")
        .doesNotContain("Ban bob@reject.example")
        .doesNotContain("always allow bob@reject.example")
        .doesNotContain("Reason, mailed to bob@reject.example");

    String base = "/g/news/pending/" + held.get(0).id() + "/";
    assertThat(owen.submit("/g/news/pending", base + "ban", Map.of()).statusCode()).isEqualTo(303);
    assertThat(owen.submit("/g/news/pending", base + "allow", Map.of()).statusCode())
        .isEqualTo(303);
    assertThat(owen.get("/g/news/pending?done=unproven").body()).contains("may be forged");
    EmailAddress bob = EmailAddress.of("bob@reject.example");
    assertThat(web.site.bans().banned(news.id(), bob)).isEmpty();
    assertThat(web.site.allowedSenders().allowed(news.id(), bob)).isFalse();
    assertThat(web.site.held().list(Optional.of(news.name()))).hasSize(2);

    // the page does not reject it with a reason either; the command line and a moderator's mailed
    // reply do, without mailing the address
    assertThat(
            owen.submit("/g/news/pending", base + "reject", Map.of("reason", "Not you."))
                .statusCode())
        .isEqualTo(303);
    assertThat(web.site.held().list(Optional.of(news.name()))).hasSize(2);
    for (HeldMessages.Held h : held) {
      assertThat(web.site.decisions().reject(h.id(), "Not you.", new ChangedBy.CommandLine("test")))
          .isInstanceOf(RejectionNotice.Outcome.Untold.class);
    }
    assertThat(web.site.held().list(Optional.of(news.name()))).isEmpty();
    settle();
    assertThat(subjects("bob@reject.example")).isEmpty();
  }

  @Test
  void aGroupThatRefusesAnswers550NamingDmarcAndTheDomain() throws Exception {
    checked();
    web.site.groups().update(news.edit().dmarcFailure(DmarcFailure.REFUSE).build());
    SmtpClient.Reply r = post("bob@reject.example", "forged-2@reject.example", "Forged again");
    assertThat(r.code()).as(r.toString()).isEqualTo(550);
    assertThat(r.text()).contains("5.7.1").contains("DMARC").contains("reject.example");
    assertThat(web.site.held().list(Optional.of(news.name()))).isEmpty();
    assertThat(archived("forged-2@reject.example")).isEmpty();
    settle();
    assertThat(subjects("ann@good.example")).isEmpty();
  }

  @Test
  void aRealMembersAlignedPostPassesAndReachesTheMembers() throws Exception {
    checked();
    SmtpClient.Reply r = post("ann@good.example", "real-1@good.example", "Real");
    assertThat(r.code()).as(r.toString()).isEqualTo(250);
    assertThat(r.text()).contains("queued as 1 post");
    PostId post = archived("real-1@good.example").orElseThrow();
    assertThat(web.site.reader().authenticationResults(post))
        .contains(
            "lists.test; spf=pass smtp.mailfrom=ann@good.example; dkim=none;"
                + " dmarc=pass (p=reject) header.from=good.example");
    await(
        "bob's copy",
        Duration.ofSeconds(20),
        () -> {
          try {
            return subjects("bob@reject.example").stream().anyMatch(s -> s.contains("Real"));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void aPostSignedByTheAuthorsDomainPassesDmarcThoughSpfFails() throws Exception {
    checked();
    byte[] signed =
        DkimSigner.sign(
            List.of(carolsKey),
            web.clock,
            WebSite.message(
                    "news",
                    "carol@signed.example",
                    "signed-1@signed.example",
                    "Signed",
                    null,
                    "Hello.")
                .replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    SmtpClient.Reply r = send("carol@signed.example", signed);
    assertThat(r.code()).as(r.toString()).isEqualTo(250);
    assertThat(r.text()).contains("queued as 1 post");
    PostId post = archived("signed-1@signed.example").orElseThrow();
    assertThat(web.site.reader().authenticationResults(post))
        .contains(
            "lists.test; spf=fail smtp.mailfrom=carol@signed.example;"
                + " dkim=pass header.d=signed.example header.s=s1 header.a=ed25519-sha256;"
                + " dmarc=pass (p=reject) header.from=signed.example");
  }

  @Test
  void aDnsServerThatDoesNotAnswerIsATemporaryRefusal() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      open(
          Map.of(
              "PARLEY_SENDER_AUTH",
              "on",
              "PARLEY_DNS_SERVERS",
              "127.0.0.1:" + silent.getLocalPort(),
              "PARLEY_DNS_TIMEOUT_MS",
              "300"));
      SmtpClient.Reply r = post("ann@good.example", "real-2@good.example", "Unchecked");
      assertThat(r.code()).as(r.toString()).isEqualTo(451);
      assertThat(r.text()).contains("4.7.0").contains("try again later");
      assertThat(archived("real-2@good.example")).isEmpty();
      assertThat(web.site.held().list(Optional.of(news.name()))).isEmpty();
    }
  }

  /** Hands {@code raw} over by LMTP as a front MTA would; the one reply. */
  WireClient.Reply lmtp(String from, String raw) throws Exception {
    try (WireClient lmtp = new WireClient(web.site.lmtpPort().orElseThrow())) {
      lmtp.greeting();
      assertThat(lmtp.command("LHLO mx.lists.test").code()).isEqualTo(250);
      assertThat(lmtp.command("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
      assertThat(lmtp.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(lmtp.command("DATA").code()).isEqualTo(354);
      lmtp.write(WireClient.dotStuffed(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
      return lmtp.replies(1).get(0);
    }
  }

  @Test
  void behindAFrontMtaTheClientItsReceivedFieldNamesIsJudged() throws Exception {
    open(
        Map.of(
            "PARLEY_SENDER_AUTH",
            "on",
            "PARLEY_DNS_SERVERS",
            dns.setting(),
            "PARLEY_LMTP_PORT",
            "0"));
    // bob's domain authorizes 192.0.2.1, which the MTA took his mail from: it passes, though the
    // LMTP client is 127.0.0.1
    WireClient.Reply bob =
        lmtp(
            "bob@reject.example",
            "Received: from mail.reject.example (mail.reject.example [192.0.2.1])\n"
                + "\tby mx.lists.test (Postfix) with ESMTPS id 4Abc; Sun, 6 Dec 2026 00:00:00"
                + " +0000\n"
                + WebSite.message(
                    "news",
                    "bob@reject.example",
                    "lmtp-1@reject.example",
                    "Via" + " MTA",
                    null,
                    "Hello."));
    assertThat(bob.code()).as(bob.toString()).isEqualTo(250);
    PostId post = archived("lmtp-1@reject.example").orElseThrow();
    assertThat(web.site.reader().authenticationResults(post))
        .hasValueSatisfying(v -> assertThat(v).contains("spf=pass", "dmarc=pass"));
    // ann's domain authorizes only 127.0.0.1: mail the MTA took from elsewhere claiming to be hers
    // is held
    WireClient.Reply forged =
        lmtp(
            "ann@good.example",
            "Received: from forger.example (unknown [198.51.100.9])\n"
                + "\tby mx.lists.test (Postfix) with SMTP id 4Abd\n"
                + WebSite.message(
                    "news",
                    "ann@good.example",
                    "lmtp-2@good.example",
                    "Forged" + " via MTA",
                    null,
                    "Hello."));
    assertThat(forged.code()).as(forged.toString()).isEqualTo(250);
    assertThat(forged.text()).contains("held for a moderator");
    assertThat(web.site.held().list(Optional.of(news.name())))
        .singleElement()
        .satisfies(h -> assertThat(h.authenticationResults()).contains("spf=fail", "dmarc=fail"));
  }

  @Test
  void withSenderAuthOffNothingIsChecked() throws Exception {
    open(Map.of("PARLEY_SENDER_AUTH", "off", "PARLEY_DNS_SERVERS", dns.setting()));
    SmtpClient.Reply r = post("bob@reject.example", "unchecked-1@reject.example", "Unchecked");
    assertThat(r.code()).as(r.toString()).isEqualTo(250);
    PostId post = archived("unchecked-1@reject.example").orElseThrow();
    assertThat(web.site.reader().authenticationResults(post)).isEmpty();
  }
}
