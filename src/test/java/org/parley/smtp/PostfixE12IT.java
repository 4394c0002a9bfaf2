package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.testkit.TestSites;
import org.parley.testkit.WireClient;

/**
 * RELIABILITY E12 (no open relay, no backscatter) behind a real Postfix, issue 16 item 15: the
 * README's "Behind Postfix" recipe, read from the README itself, run by a private Postfix instance
 * (Debian's postfix package, its own configuration, queue and data directories in a temporary
 * directory, listening on 127.0.0.1 only) in front of a real site. Mail to an unknown group is
 * refused 550 at RCPT by Postfix itself (its probe asked Parley over LMTP); mail to a group goes
 * through LMTP and is archived; the copies go back out through Postfix, unprobed, to GreenMail, the
 * members' "Internet". Skipped, saying why, where Postfix is not installed or we are not root
 * (Postfix's master runs as root; {@code .ci/run} installs it).
 */
@Tag("slow") // a private Postfix
class PostfixE12IT {
  private static final String README_DOMAIN = "lists.example.org";

  @TempDir Path tmp;
  Path root;
  Path conf;
  String postfix;
  GreenMail internet;
  Site site;
  Group news;
  int postfixPort;
  boolean started;

  @BeforeEach
  void start() throws Exception {
    postfix = findPostfix();
    Assumptions.assumeTrue(
        postfix != null, "postfix is not installed (Debian: apt-get install postfix)");
    Assumptions.assumeTrue(isRoot(), "Postfix's master must be started as root");
    // Postfix's daemons run as the postfix user and must reach their queue under the temp dir
    root = Files.createDirectory(tmp.resolve("postfix"));
    for (Path p = root; p != null && p.startsWith(tmp); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    conf = Files.createDirectory(root.resolve("conf"));
    Files.createDirectory(root.resolve("queue"));

    int internetPort = freePort();
    internet = greenMail(internetPort);
    postfixPort = freePort();
    Recipe recipe = Recipe.fromReadme(Path.of("README.md"));
    Map<String, String> env = new HashMap<>();
    env.put("PARLEY_LMTP_PORT", "0");
    // the README's parley.conf, with this test's ports
    recipe.parleyConf.forEach(
        (k, v) -> env.put("PARLEY_" + k.toUpperCase(java.util.Locale.ROOT), v));
    env.put("PARLEY_LMTP_PORT", "0");
    env.put("PARLEY_RELAY", "smtp://127.0.0.1:" + postfixPort);
    site = TestSites.open(tmp.resolve("site"), env).start();
    news = TestSites.group(site, "news", "ada@example.com", "grace@example.com");
    int lmtpPort = site.lmtpPort().orElseThrow();

    String mainCf =
        String.join(
                "\n",
                // this instance's own places, and the test's loopback-only "Internet"
                "compatibility_level = 3.6",
                "queue_directory = " + root.resolve("queue"),
                "data_directory = " + root.resolve("data"), // postfix makes it, its own
                "maillog_file = " + root.resolve("maillog"),
                "maillog_file_prefixes = " + root,
                "myhostname = mx.test",
                "mydomain = test",
                "mydestination =",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                // Debian's main.cf has these for 127.0.0.1
                "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated"
                    + " defer_unauth_destination",
                // what is not the lists domain goes to GreenMail, in place of DNS and MX hosts
                "relayhost = [127.0.0.1]:" + internetPort,
                "smtp_dns_support_level = disabled",
                // a loaded test machine may take longer than Postfix's 3 polls for the probe
                "address_verify_poll_count = 10",
                "")
            + recipe.mainCf(conf, lmtpPort)
            + "\n";
    Files.writeString(conf.resolve("main.cf"), mainCf);
    Files.writeString(conf.resolve("master.cf"), masterCf(postfixPort));
    Files.writeString(conf.resolve("transport"), recipe.transport(lmtpPort));
    Files.writeString(conf.resolve("lists_verify"), recipe.listsVerify());
    run(
        postfix.replace("/postfix", "/postmap"),
        "-c",
        conf.toString(),
        conf.resolve("transport").toString(),
        conf.resolve("lists_verify").toString());
    run(postfix, "-c", conf.toString(), "start");
    started = true;
    await("Postfix to listen", Duration.ofSeconds(30), () -> listens(postfixPort));
  }

  @AfterEach
  void stop() throws Exception {
    if (started) {
      run(postfix, "-c", conf.toString(), "stop");
    }
    if (site != null) {
      site.close();
    }
    if (internet != null) {
      internet.stop();
    }
  }

  @Test
  void e12UnknownGroupsAreRefusedAtPostfixsDoorAndPostsGoThroughAndOutAgain() throws Exception {
    try (WireClient smtp = new WireClient(postfixPort)) {
      assertThat(smtp.command("EHLO sender.example").code()).isEqualTo(250);
      assertThat(smtp.command("MAIL FROM:<ada@example.com>").code()).isEqualTo(250);
      WireClient.Reply unknown = smtp.command("RCPT TO:<nobody@lists.test>");
      assertThat(unknown.code()).as(unknown.toString()).isEqualTo(550);
      assertThat(unknown.text()).contains("No such group");

      assertThat(smtp.command("RCPT TO:<news@lists.test>").code()).isEqualTo(250);
      assertThat(smtp.command("DATA").code()).isEqualTo(354);
      smtp.write(
          WireClient.dotStuffed(
              ("From: Ada <ada@example.com>\r\nTo: news@lists.test\r\nSubject: Through Postfix\r\n"
                      + "Message-ID: <through-postfix@example.com>\r\n\r\nHello from outside.\r\n")
                  .getBytes(StandardCharsets.US_ASCII)));
      assertThat(smtp.reply().code()).isEqualTo(250);
      smtp.command("QUIT");
    }
    await(
        "the post archived through LMTP",
        Duration.ofSeconds(60),
        () -> site.reader().postCount(news.id()) == 1);
    await(
        "grace's copy, out through Postfix",
        Duration.ofSeconds(60),
        () -> internet.getReceivedMessages().length == 1);
    MimeMessage copy = inbox(internet, "grace@example.com")[0];
    assertThat(copy.getHeader("List-Id")[0]).contains("news.lists.test");
    assertThat(copy.getHeader("Return-Path")[0]).startsWith("<news-bounces+");
    // the probe asked Parley about the lists domain only, never about a member's address; Postfix
    // logs a delivery once the relay has answered, a moment after the relay holds the copy
    Path maillog = root.resolve("maillog");
    await(
        "Postfix's log line of grace's copy",
        Duration.ofSeconds(30),
        () -> {
          try {
            return Files.readString(maillog).contains("to=<grace@example.com>");
          } catch (IOException e) {
            return false; // not written yet
          }
        });
    String log = Files.readString(maillog);
    assertThat(log).contains("to=<nobody@lists.test>").contains("status=undeliverable");
    assertThat(log.lines().filter(l -> l.contains("to=<grace@example.com>")))
        .isNotEmpty()
        .noneMatch(l -> l.contains("deliverable"));
  }

  /** The README's recipe: parley.conf, the main.cf lines, the transport map, the access map. */
  record Recipe(
      Map<String, String> parleyConf, String mainCfBlock, String transport, String access) {
    static Recipe fromReadme(Path readme) throws IOException {
      String text = Files.readString(readme);
      int at = text.indexOf("### Behind Postfix");
      assertThat(at).as("README's Behind Postfix section").isPositive();
      // the section ends where the next one starts, of its level (### DKIM follows it) or above
      int next = text.indexOf("\n### ", at + 1);
      int chapter = text.indexOf("\n## ", at);
      String section = text.substring(at, next < 0 || next > chapter ? chapter : next);
      List<String> blocks = new ArrayList<>();
      String[] parts = section.split("```");
      for (int i = 1; i < parts.length; i += 2) {
        blocks.add(parts[i].strip());
      }
      assertThat(blocks).as("parley.conf, main.cf, transport, lists_verify").hasSize(4);
      Map<String, String> conf = new HashMap<>();
      for (String line : blocks.get(0).split("\n")) {
        String[] kv = line.split("=", 2);
        conf.put(kv[0].strip(), kv[1].strip());
      }
      return new Recipe(conf, blocks.get(1), blocks.get(2), blocks.get(3));
    }

    String mainCf(Path conf, int lmtpPort) {
      return ours(mainCfBlock, conf, lmtpPort);
    }

    String transport(int lmtpPort) {
      return ours(transport, null, lmtpPort) + "\n";
    }

    String listsVerify() {
      return ours(access, null, 0) + "\n";
    }

    /** The README's text for this test: its domain, its directory, its LMTP port. */
    private static String ours(String block, Path conf, int lmtpPort) {
      String s = block.replace(README_DOMAIN, TestSites.DOMAIN);
      if (conf != null) {
        s = s.replace("/etc/postfix/", conf + "/");
      }
      return lmtpPort == 0 ? s : s.replace(":2526", ":" + lmtpPort);
    }
  }

  /**
   * Debian's master.cf services, without chroot (the chroot would need copies of /etc files in the
   * queue directory), and the SMTP server on 127.0.0.1 at the test's port.
   */
  private static String masterCf(int port) {
    return String.join(
        "\n",
        "127.0.0.1:" + port + " inet n - n - - smtpd",
        "pickup    unix  n - n 60 1 pickup",
        "cleanup   unix  n - n - 0 cleanup",
        "qmgr      unix  n - n 300 1 qmgr",
        "tlsmgr    unix  - - n 1000? 1 tlsmgr",
        "rewrite   unix  - - n - - trivial-rewrite",
        "bounce    unix  - - n - 0 bounce",
        "defer     unix  - - n - 0 bounce",
        "trace     unix  - - n - 0 bounce",
        "verify    unix  - - n - 1 verify",
        "flush     unix  n - n 1000? 0 flush",
        "proxymap  unix  - - n - - proxymap",
        "proxywrite unix - - n - 1 proxymap",
        "smtp      unix  - - n - - smtp",
        "relay     unix  - - n - - smtp",
        "showq     unix  n - n - - showq",
        "error     unix  - - n - - error",
        "retry     unix  - - n - - error",
        "discard   unix  - - n - - discard",
        "lmtp      unix  - - n - - lmtp",
        "anvil     unix  - - n - 1 anvil",
        "scache    unix  - - n - 1 scache",
        "postlog   unix-dgram n - n - 1 postlogd",
        "");
  }

  private static String findPostfix() {
    List<Path> dirs = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    dirs.add(Path.of("/usr/sbin")); // not on a non-root user's PATH
    return dirs.stream()
        .map(d -> d.resolve("postfix"))
        .filter(Files::isExecutable)
        .filter(p -> Files.isExecutable(p.resolveSibling("postmap")))
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }

  private static boolean isRoot() throws Exception {
    Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    return p.waitFor() == 0 && out.equals("0");
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("commands.log").toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    if (p.exitValue() != 0) {
      String log = "";
      for (Path f : List.of(root.resolve("commands.log"), root.resolve("maillog"))) {
        if (Files.exists(f)) {
          log += Files.readString(f);
        }
      }
      throw new AssertionError(String.join(" ", command) + " failed: " + log);
    }
  }
}
