package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.delivery.CapturedMail;
import org.parley.group.ChangedBy;
import org.parley.group.FromRewriting;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.mailauth.DkimAlgorithm;
import org.parley.mailauth.DkimKeys;
import org.parley.testkit.Dkimpy;
import org.parley.testkit.RelaySink;
import org.parley.testkit.TestDns;

/**
 * Issue 21, point 3: copies of a post from an author whose domain publishes a DMARC policy of
 * reject or quarantine leave with the group's address in From and the author in Reply-To and
 * X-Original-From; an author whose domain publishes p=none, or no policy, keeps their From. Every
 * copy carries the site's DKIM signatures, which dkimpy (an independent verifier) accepts. The
 * policies and the site's key records are served by a real DNS server on 127.0.0.1, as the Internet
 * would serve them.
 */
class FromRewritingIT {
  @TempDir Path dir;
  TestDns dns;
  WebSite web;
  Group news;

  @BeforeEach
  void setUp() throws Exception {
    // the site's own keys, as parley dkim keygen makes them, and their records in DNS
    DkimKeys keys = new DkimKeys(dir.resolve("dkim"), Clock.systemUTC());
    TestDns.Zones zones = new TestDns.Zones();
    for (DkimAlgorithm a : DkimAlgorithm.values()) {
      String line =
          keys.generate("lists.test", keys.defaultSelector(a), a, 2048, true).key().zoneLine();
      int in = line.indexOf(" IN ");
      zones.record(line.substring(0, in), line.substring(in + 4));
    }
    dns =
        TestDns.start(
            zones
                .txt("_dmarc.reject.example", "v=DMARC1; p=reject")
                .txt("_dmarc.quarantine.example", "v=DMARC1; p=quarantine")
                .txt("_dmarc.none.example", "v=DMARC1; p=none")
                .a("nodmarc.example", "127.0.0.1"));
    web = new WebSite(dir, Map.of("PARLEY_SENDER_AUTH", "on", "PARLEY_DNS_SERVERS", dns.setting()));
    news = web.group("news", true);
    web.member(news, "ada@reject.example", "Ada Lovelace");
    web.member(news, "quinn@quarantine.example", "Quinn");
    web.member(news, "nia@none.example", "Nia");
    web.member(news, "ned@nodmarc.example", "Ned");
    web.member(news, "grace@example.org", "Grace Hopper");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (web != null) {
      web.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  /** Posts as {@code from} on the web (no sender authentication applies there). */
  IngestResult.Accepted post(String from, String name, String id) {
    return post(from, name, id, "Hello from " + name);
  }

  IngestResult.Accepted post(String from, String name, String id, String subject) {
    String raw = WebSite.message("news", name + " <" + from + ">", id, subject, null, "Hi.");
    IngestResult r =
        web.site
            .ingestor()
            .submit(
                new Submission(
                    new GroupName("news"),
                    raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8),
                    new Envelope(from, List.of("news@lists.test"), "web 127.0.0.1"),
                    Source.WEB));
    assertThat(r).isInstanceOf(IngestResult.Accepted.class);
    return (IngestResult.Accepted) r;
  }

  /**
   * The header of Grace's copy of the post whose subject names {@code name}, once an independent
   * verifier (dkimpy, asking the DNS server) has accepted its signatures for the site's domain.
   */
  String gracesCopy(String name) {
    CapturedMail mail = web.site.capturedMail();
    RelaySink.await(
        "Grace's copy of " + name + "'s post",
        Duration.ofSeconds(20),
        () -> copy(mail, name).isPresent());
    String raw = copy(mail, name).orElseThrow();
    if (Dkimpy.installed()) {
      assertThat(Dkimpy.verify(raw.getBytes(StandardCharsets.ISO_8859_1), dns))
          .as("dkimpy's verdicts on Grace's copy of " + name + "'s post")
          .hasSize(2)
          .allMatch(Dkimpy.Verdict::ok);
      assertThat(raw).contains("d=lists.test;");
    }
    // each field starts after a CRLF, the first one too
    return "\r\n" + raw.substring(0, raw.indexOf("\r\n\r\n") + 2);
  }

  static Optional<String> copy(CapturedMail mail, String name) {
    return mail.latest(100).stream()
        .filter(e -> e.to().contains("grace@example.org"))
        .filter(e -> e.subject().contains("Hello from " + name))
        .findFirst()
        .map(e -> new String(mail.raw(e.id()).orElseThrow(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void copiesOfAPostFromAStrictDomainComeFromTheGroupWithTheAuthorRecoverable() {
    post("ada@reject.example", "Ada Lovelace", "a1@reject.example");
    post("quinn@quarantine.example", "Quinn", "q1@quarantine.example");
    assertThat(gracesCopy("Ada Lovelace"))
        .contains("\r\nFrom: 'Ada Lovelace' via NEWS <news@lists.test>\r\n")
        .contains("\r\nX-Original-From: Ada Lovelace <ada@reject.example>\r\n")
        .contains("\r\nReply-To: <news@lists.test>\r\n")
        .contains("\r\nCc: Ada Lovelace <ada@reject.example>\r\n");
    assertThat(gracesCopy("Quinn")).contains("\r\nFrom: 'Quinn' via NEWS <news@lists.test>\r\n");
  }

  @Test
  void copiesOfAPostFromAnAuthorWithPolicyNoneOrNoneAtAllKeepTheirFrom() {
    post("nia@none.example", "Nia", "n1@none.example");
    post("ned@nodmarc.example", "Ned", "n2@nodmarc.example");
    assertThat(gracesCopy("Nia"))
        .contains("\r\nFrom: Nia <nia@none.example>\r\n")
        .doesNotContain("X-Original-From");
    assertThat(gracesCopy("Ned")).contains("\r\nFrom: Ned <ned@nodmarc.example>\r\n");
  }

  @Test
  void theOwnersChoiceOfNeverAndAlwaysApplies() {
    web.site
        .groups()
        .change(
            news.id(),
            g ->
                g.edit()
                    .fromRewriting(FromRewriting.DEFAULT.when(FromRewriting.When.NEVER))
                    .build(),
            new ChangedBy.CommandLine("test"));
    post("ada@reject.example", "Ada Lovelace", "a2@reject.example");
    assertThat(gracesCopy("Ada Lovelace"))
        .contains("\r\nFrom: Ada Lovelace <ada@reject.example>\r\n");
    web.site
        .groups()
        .change(
            news.id(),
            g ->
                g.edit()
                    .fromRewriting(FromRewriting.DEFAULT.when(FromRewriting.When.ALWAYS))
                    .build(),
            new ChangedBy.CommandLine("test"));
    post("nia@none.example", "Nia", "n3@none.example");
    assertThat(gracesCopy("Nia")).contains("\r\nFrom: 'Nia' via NEWS <news@lists.test>\r\n");
  }

  @Test
  void theStoredMessageKeepsTheAuthorsFrom() throws Exception {
    IngestResult.Accepted a =
        post("ada@reject.example", "Ada Lovelace", "a3@reject.example", "Kept");
    gracesCopyOfSubject("Kept");
    String stored =
        new String(
            web.site.reader().raw(web.site.reader().post(a.post()).orElseThrow()),
            StandardCharsets.UTF_8);
    assertThat(stored).startsWith("From: Ada Lovelace <ada@reject.example>\r\n");
  }

  void gracesCopyOfSubject(String subject) {
    CapturedMail mail = web.site.capturedMail();
    RelaySink.await(
        "Grace's copy of " + subject,
        Duration.ofSeconds(20),
        () ->
            mail.latest(100).stream()
                .anyMatch(
                    e -> e.to().contains("grace@example.org") && e.subject().contains(subject)));
  }
}
