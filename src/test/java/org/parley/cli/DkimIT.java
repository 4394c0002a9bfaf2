package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Passwords;
import org.parley.app.DemoSeed;
import org.parley.app.Site;
import org.parley.mailauth.DkimKeys;
import org.parley.mailauth.DkimResult;
import org.parley.mailauth.DkimVerification;
import org.parley.mailauth.DnsJava;
import org.parley.testkit.Corpora;
import org.parley.testkit.Dkimpy;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestDns;
import org.parley.testkit.TestSites;

/**
 * DKIM from end to end, as an operator sets it up: {@code parley dkim keygen} makes the keys and
 * prints their records; a real DNS server (nsd) serves the records as printed; a post sent to a
 * group over SMTP reaches the relay (GreenMail) signed, and so does a notice the site writes; and
 * dkimpy, asking that DNS server, accepts every signature. Then the commands that rotate keys.
 */
class DkimIT {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintStream sysout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Run(code, out + captured.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(sysout);
    }
  }

  String data() {
    return dir.resolve("site").toString();
  }

  void init() {
    Run init =
        run(
            "init",
            "--data",
            data(),
            "--domain",
            TestSites.DOMAIN,
            "--admin-email",
            "root@example.org");
    assertThat(init.code()).as(init.err()).isZero();
  }

  /** Serves the record of a printed zone line ({@code name. IN TXT ( … )}). */
  static void serve(TestDns.Zones zones, String zoneLine) {
    int in = zoneLine.indexOf(" IN ");
    zones.record(zoneLine.substring(0, in), zoneLine.substring(in + 4));
  }

  @Test
  void copiesAndNoticesLeaveSignedWithTheKeysKeygenMadeAndDkimpyAcceptsThem() throws Exception {
    Dkimpy.assumeInstalled();
    init();
    Run rsa = run("dkim", "keygen", "--data", data());
    assertThat(rsa.code()).as(rsa.err()).isZero();
    Run ed = run("dkim", "keygen", "--data", data(), "--algorithm", "ed25519");
    assertThat(ed.code()).as(ed.err()).isZero();
    String rsaLine = rsa.out().lines().findFirst().orElseThrow();
    String edLine = ed.out().lines().findFirst().orElseThrow();
    assertThat(rsaLine)
        .matches("parley-\\d{4}-\\d\\d\\._domainkey\\.lists\\.test\\. IN TXT \\( .*");
    assertThat(edLine).matches("parley-\\d{4}-\\d\\d-ed\\._domainkey\\.lists\\.test\\. IN TXT .*");
    assertThat(rsa.out().lines().skip(1).findFirst().orElseThrow())
        .startsWith("next: publish this record in the DNS of lists.test");

    TestDns.Zones zones = new TestDns.Zones();
    serve(zones, rsaLine);
    serve(zones, edLine);
    GreenMail relay = greenMail(freePort());
    try (TestDns dns = TestDns.start(zones);
        Site site =
            Site.open(
                    TestSites.settings(
                        Path.of(data()),
                        Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + relay.getSmtp().getPort())),
                    Clock.systemUTC(),
                    new Passwords(1024, 1))
                .start()) {
      TestSites.group(site, "news", "ada@example.com", "bob@example.net");
      byte[] post =
          Corpora.crlf(
              """
              From: Ada Lovelace <ada@example.com>
              To: news@lists.test
              Subject: Notes on the engine
              Message-ID: <notes@example.com>
              MIME-Version: 1.0
              Content-Type: text/plain; charset=utf-8
              Content-Transfer-Encoding: 8bit

              Grüße from the engine room.
              """
                  .getBytes(StandardCharsets.UTF_8));
      try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
        assertThat(smtp.send("ada@example.com", List.of("news@lists.test"), post).code())
            .isEqualTo(250);
      }
      await("bob's copy", Duration.ofSeconds(30), () -> count(relay, "bob@example.net") == 1);
      byte[] copy = bytes(inbox(relay, "bob@example.net")[0]);
      assertSignedTwice(copy, dns);

      // a notice the site writes: the confirmation of a join by mail
      byte[] join =
          Corpora.crlf(
              "From: carol@example.org\nTo: news-join@lists.test\nSubject: join\n\n\n"
                  .getBytes(StandardCharsets.UTF_8));
      try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
        assertThat(smtp.send("carol@example.org", List.of("news-join@lists.test"), join).code())
            .isEqualTo(250);
      }
      await(
          "the confirmation", Duration.ofSeconds(30), () -> count(relay, "carol@example.org") == 1);
      byte[] notice = bytes(inbox(relay, "carol@example.org")[0]);
      assertThat(new String(notice, StandardCharsets.UTF_8)).contains("Subject: Please confirm");
      assertSignedTwice(notice, dns);
    } finally {
      relay.stop();
    }
  }

  /**
   * The message carries the two signatures of lists.test, and both dkimpy and our own verifier
   * (asking nsd through dnsjava, as the site asks) accept them.
   */
  static void assertSignedTwice(byte[] message, TestDns dns) {
    assertThat(Dkimpy.verify(message, dns))
        .hasSize(2)
        .allSatisfy(v -> assertThat(v.ok()).as(v.why()).isTrue());
    List<DkimResult> ours =
        new DkimVerification(
                new DnsJava(List.of(dns.address()), Duration.ofSeconds(5)), Clock.systemUTC())
            .verify(message);
    assertThat(ours)
        .extracting(r -> r.domain() + " " + r.algorithm() + " " + r.outcome())
        .containsExactly("lists.test ed25519-sha256 PASS", "lists.test rsa-sha256 PASS");
  }

  static int count(GreenMail relay, String address) {
    try {
      return inbox(relay, address).length;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(MimeMessage m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }

  /** The demo makes its own keys, and the mail it captures instead of sending is signed. */
  @Test
  void theDemoSignsTheMailItCaptures() throws Exception {
    Dkimpy.assumeInstalled();
    try (Site site = TestSites.open(dir.resolve("demo"), Map.of())) {
      DemoSeed.ensureDkimKeys(site);
      DemoSeed.ensureDkimKeys(site);
      List<DkimKeys.Entry> keys = site.dkimKeys().list();
      assertThat(keys).hasSize(2).allSatisfy(e -> assertThat(e.active()).isTrue());
      site.start();
      TestSites.submit(
          site,
          TestSites.group(site, "news", "ada@example.com", "bob@example.net"),
          "d1@example.com",
          "Hi",
          "Hello");
      await(
          "bob's captured copy",
          Duration.ofSeconds(30),
          () -> site.capturedMail().latest(10).stream().anyMatch(e -> e.to().contains("bob@")));
      long id =
          site.capturedMail().latest(10).stream()
              .filter(e -> e.to().contains("bob@"))
              .findFirst()
              .orElseThrow()
              .id();
      byte[] copy = site.capturedMail().raw(id).orElseThrow();
      Map<String, String> records = new java.util.HashMap<>();
      keys.forEach(e -> records.put(e.key().recordName(), e.key().record()));
      assertThat(Dkimpy.verify(copy, records))
          .hasSize(2)
          .allSatisfy(v -> assertThat(v.ok()).as(v.why()).isTrue());
    }
  }

  @Test
  void keysAreRotatedBySelectorFromTheCommandLineAndKeptByABackup() throws Exception {
    init();
    assertThat(run("dkim", "list", "--data", data()).out())
        .contains("no DKIM keys (make one with: parley dkim keygen)");
    Run first = run("dkim", "keygen", "--data", data(), "--selector", "2026a", "--bits", "1024");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("the site signs with this key from now on");

    Run again = run("dkim", "keygen", "--data", data(), "--selector", "2026a");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err().strip())
        .isEqualTo(
            "parley: the selector 2026a already exists for lists.test (name another with"
                + " --selector)");
    assertThat(run("dkim", "keygen", "--data", data(), "--algorithm", "dsa").code()).isEqualTo(2);

    Run second = run("dkim", "keygen", "--data", data(), "--selector", "2026b", "--bits", "1024");
    assertThat(second.out()).contains("run: parley dkim activate 2026b");
    assertThat(run("dkim", "list", "--data", data()).out().lines())
        .anySatisfy(
            l -> assertThat(l).startsWith("lists.test  2026a  rsa  active  v=DKIM1; k=rsa; p="))
        .anySatisfy(l -> assertThat(l).startsWith("lists.test  2026b  rsa  standby  v=DKIM1;"));

    Run activate = run("dkim", "activate", "--data", data(), "2026b");
    assertThat(activate.code()).as(activate.err()).isZero();
    assertThat(activate.out())
        .contains("2026b signs the mail of lists.test now")
        .contains("2026a is standby");

    Run retireActive = run("dkim", "retire", "--data", data(), "2026b");
    assertThat(retireActive.code()).isEqualTo(1);
    assertThat(retireActive.err()).contains("activate another rsa key first");
    Run retire = run("dkim", "retire", "--data", data(), "2026a");
    assertThat(retire.code()).as(retire.err()).isZero();
    assertThat(retire.out()).contains("2026a._domainkey.lists.test can be removed from DNS");
    assertThat(run("dkim", "list", "--data", data()).out()).doesNotContain("2026a");
    assertThat(run("dkim", "retire", "--data", data(), "nosuch").err())
        .contains("no key with the selector nosuch for lists.test");

    // a backup holds the keys, and a restored site signs with the key its DNS publishes
    String backup = dir.resolve("backup").toString();
    String restored = dir.resolve("restored").toString();
    Run backedUp = run("backup", "--data", data(), "-o", backup);
    assertThat(backedUp.code()).as(backedUp.err()).isZero();
    assertThat(backedUp.err()).contains("the DKIM keys");
    assertThat(run("restore", backup, "--data", restored).code()).isZero();
    assertThat(run("dkim", "list", "--data", restored).out())
        .startsWith("lists.test  2026b  rsa  active  ");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(
                    Path.of(restored, "dkim", "lists.test", "2026b.key"))))
        .isEqualTo("rw-------");
  }
}
