package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Passwords;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.ingest.Envelope;
import org.parley.ingest.Quarantine;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.mime.PageHtml;
import org.parley.moderation.Screen;
import org.parley.testkit.FailingRule;
import org.parley.testkit.TestSites;

/** The command line as a user meets it: help, exit codes 0/1/2 and one-line errors. */
class CliIT {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.io.PrintStream sysout = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Run(
          code, out + captured.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(sysout);
    }
  }

  String data() {
    return dir.resolve("site").toString();
  }

  @Test
  void everyCommandPrintsHelp() {
    for (String[] cmd :
        new String[][] {
          {"--help"},
          {"init", "--help"},
          {"serve", "--help"},
          {"demo", "--help"},
          {"group", "create", "--help"},
          {"group", "set", "--help"},
          {"group", "rename", "--help"},
          {"rederive", "--help"},
          {"group", "list", "--help"},
          {"group", "show", "--help"},
          {"member", "add", "--help"},
          {"member", "remove", "--help"},
          {"member", "list", "--help"},
          {"member", "ban", "--help"},
          {"member", "unban", "--help"},
          {"member", "invite", "--help"},
          {"redrive", "--help"},
          {"quarantine", "list", "--help"},
          {"quarantine", "show", "--help"},
          {"quarantine", "release", "--help"},
          {"quarantine", "drop", "--help"},
          {"held", "list", "--help"},
          {"held", "approve", "--help"},
          {"held", "reject", "--help"},
          {"repair", "--help"},
          {"digest", "send", "--help"},
          {"export", "--help"},
          {"backup", "--help"},
          {"restore", "--help"},
          {"dkim", "keygen", "--help"},
          {"dkim", "list", "--help"},
          {"dkim", "activate", "--help"},
          {"dkim", "retire", "--help"}
        }) {
      Run r = run(cmd);
      assertThat(r.code()).as(String.join(" ", cmd)).isZero();
      assertThat(r.out()).as(String.join(" ", cmd)).contains("Usage: parley");
    }
  }

  @Test
  void aWrongCommandLineExitsWith2() {
    assertThat(run("frobnicate").code()).isEqualTo(2);
    assertThat(run("group", "create").code()).isEqualTo(2);
    assertThat(run("init", "--domain", "x.org").err()).contains("--admin-email");
  }

  @Test
  void aSiteIsCreatedAndItsGroupsAndMembersManaged() {
    Run init =
        run(
            "init",
            "--data",
            data(),
            "--domain",
            "Lists.Example.org",
            "--admin-email",
            "root@example.org");
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(init.out()).contains("admin: root@example.org ");

    assertThat(run("group", "create", "--data", data(), "news", "--title", "News").out())
        .contains("group: news@lists.example.org");
    assertThat(
            run("member", "add", "--data", data(), "news", "Ada@Example.com", "--name", "Ada")
                .code())
        .isZero();
    assertThat(run("member", "list", "--data", data(), "news").out())
        .contains("Ada@example.com")
        .contains("each");
    assertThat(run("group", "list", "--data", data()).out())
        .contains("news@lists.example.org")
        .contains("1 members");
    assertThat(run("group", "show", "--data", data(), "news").out())
        .contains("posting:     members");
    assertThat(run("member", "remove", "--data", data(), "news", "ada@example.com").code())
        .isZero();
    assertThat(run("member", "list", "--data", data(), "news").out()).doesNotContain("ada");
  }

  /**
   * RELIABILITY D10: a group made members-only by default can be published later, and made
   * members-only again, from the command line while the site runs; each change shows on the web at
   * once and is printed as old -> new.
   */
  @Test
  void d10AGroupIsPublishedAndMadePrivateAgainWhileTheSiteRuns() throws Exception {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    run("group", "create", "--data", data(), "quiet");
    try (Site site =
        Site.open(
            Settings.load(Path.of(data()), Map.of("web_port", "0", "smtp_port", "0")),
            Clock.systemUTC(),
            new Passwords(1024, 1))) {
      site.start();
      HttpClient http = HttpClient.newHttpClient();
      URI page = URI.create("http://127.0.0.1:" + site.webPort() + "/g/quiet/");
      assertThat(
              http.send(HttpRequest.newBuilder(page).build(), BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(404);

      Run publish =
          run("group", "set", "--data", data(), "quiet", "--public", "--posting", "anyone");
      assertThat(publish.code()).as(publish.err()).isZero();
      assertThat(publish.out())
          .contains("visibility: private -> public")
          .contains("posting: members -> anyone");
      assertThat(
              http.send(HttpRequest.newBuilder(page).build(), BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);

      Run hide = run("group", "set", "--data", data(), "quiet", "--private");
      assertThat(hide.out()).contains("visibility: public -> private").doesNotContain("posting");
      assertThat(
              http.send(HttpRequest.newBuilder(page).build(), BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(404);

      // Each change is in the group's audit log, newest first, made by the command line.
      long quiet = site.groups().find(GroupName.of("quiet")).orElseThrow().id();
      assertThat(site.groups().auditLog().latest(quiet, 10))
          .extracting(e -> e.setting() + ": " + e.before() + " -> " + e.after())
          .containsExactly(
              "visibility: public -> private",
              "posting: members -> anyone",
              "visibility: private -> public");
      assertThat(site.groups().auditLog().latest(quiet, 10))
          .extracting(AuditLog.Entry::by)
          .containsOnly(new ChangedBy.CommandLine(System.getProperty("user.name")));
    }
    assertThat(run("group", "set", "--data", data(), "quiet", "--private").out())
        .contains("nothing changed");
    Run both = run("group", "set", "--data", data(), "quiet", "--public", "--private");
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.err()).contains("choose --public or --private, not both");
    Run bad = run("group", "set", "--data", data(), "quiet", "--posting", "everyone");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .contains(
            "Invalid value for option '--posting': posting must be members, anyone or managers,"
                + " not everyone");
    Run loud = run("group", "set", "--data", data(), "quiet", "--posting", "MEMBERS");
    assertThat(loud.code()).as(loud.err()).isZero();
    assertThat(loud.out()).contains("posting: anyone -> members");
    Run missing = run("group", "set", "--data", data(), "nosuch", "--public");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no group named nosuch");
  }

  /** Issue 18: the moderation setting is chosen at creation and changed with group set. */
  @Test
  void theModerationSettingIsSetAndShown() {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    Run create = run("group", "create", "--data", data(), "news", "--moderation", "non-members");
    assertThat(create.code()).as(create.err()).isZero();
    assertThat(run("group", "show", "--data", data(), "news").out())
        .contains("moderation:  non-members");
    Run set =
        run(
            "group",
            "set",
            "--data",
            data(),
            "news",
            "--moderation",
            "new-members",
            "--moderate-first",
            "3");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out())
        .contains("moderation: non-members -> new-members")
        .contains("moderate-first: 1 -> 3");
    assertThat(run("group", "show", "--data", data(), "news").out())
        .contains("moderation:  new-members (each member's first 3)");
    Run bad = run("group", "set", "--data", data(), "news", "--moderation", "all");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .contains("moderation must be none, new-members, non-members or everyone, not all");
    Run zero = run("group", "set", "--data", data(), "news", "--moderate-first", "0");
    assertThat(zero.code()).isEqualTo(1);
    assertThat(zero.err()).contains("--moderate-first must be 1 or more, not 0");
  }

  /**
   * Issue 18: {@code group set} changes every setting the web's settings page has, refuses a size
   * the site would not take, and {@code group show} lists the latest changes from the audit log.
   */
  @Test
  void groupSetTakesTheNewerSettingsAndRenameKeepsTheOldAddress() {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    run("group", "create", "--data", data(), "quiet");
    Run set =
        run(
            "group",
            "set",
            "--data",
            data(),
            "quiet",
            "--visibility",
            "signed-in",
            "--member-list",
            "managers",
            "--joining",
            "ask",
            "--posting",
            "managers",
            "--post-by-email",
            "no",
            "--welcome",
            "Hello and welcome.",
            "--spam-threshold",
            "7.5",
            "--held-days",
            "3");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out())
        .contains("visibility: private -> signed-in")
        .contains("member-list: private -> managers")
        .contains("joining: open -> ask")
        .contains("posting: members -> managers")
        .contains("post-by-email: yes -> no")
        .contains("welcome: (empty) -> Hello and welcome.")
        .contains("spam-threshold: 5 -> 7.5")
        .contains("held-days: 14 -> 3");
    Run off = run("group", "set", "--data", data(), "quiet", "--spam-threshold", "off");
    assertThat(off.out()).contains("spam-threshold: 7.5 -> off");
    Run bad = run("group", "set", "--data", data(), "quiet", "--spam-threshold", "lots");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("--spam-threshold: the spam threshold is a score");
    Run both = run("group", "set", "--data", data(), "quiet", "--joining", "open", "--closed");
    assertThat(both.code()).isEqualTo(1);

    Run rename = run("group", "rename", "--data", data(), "quiet", "hush");
    assertThat(rename.code()).as(rename.err()).isZero();
    assertThat(rename.out())
        .contains(
            "address: quiet@example.org -> hush@example.org (the old address stays an alias)");
    run("group", "create", "--data", data(), "other");
    Run taken = run("group", "rename", "--data", data(), "hush", "other");
    assertThat(taken.code()).isEqualTo(1);
    assertThat(taken.err()).contains("the name other is taken");
    Run reuse = run("group", "create", "--data", data(), "quiet");
    assertThat(reuse.code()).isEqualTo(1);
    assertThat(reuse.err()).contains("keeps it as an alias");
    Run back = run("group", "rename", "--data", data(), "hush", "quiet");
    assertThat(back.code()).as(back.err()).isZero();
  }

  @Test
  void groupSetChangesThePrefixSizeAndAddressesAndShowListsTheChanges() {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    run("group", "create", "--data", data(), "quiet");
    Run set =
        run(
            "group",
            "set",
            "--data",
            data(),
            "quiet",
            "--subject-prefix",
            "[hush]",
            "--max-size",
            "2MB",
            "--show-addresses");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out())
        .contains("subject-prefix: [quiet] -> [hush]")
        .contains("show-addresses: no -> yes")
        .contains("max-size: 26214400 -> 2097152");
    Run tooBig = run("group", "set", "--data", data(), "quiet", "--max-size", "100GB");
    assertThat(tooBig.code()).isEqualTo(1);
    assertThat(tooBig.err()).contains("--max-size: this site takes messages up to");
    Run notASize = run("group", "set", "--data", data(), "quiet", "--max-size", "lots");
    assertThat(notASize.code()).isEqualTo(1);
    assertThat(notASize.err()).contains("--max-size must be a size such as 10MB");
    Run show = run("group", "show", "--data", data(), "quiet");
    assertThat(show.out())
        .contains("prefix:      [hush]")
        .contains("max size:    2097152 bytes (2 MB)")
        .contains("addresses:   members see them")
        .contains("last changes (newest first; all of them at ")
        .contains("/g/quiet/settings")
        .contains(
            "command line ("
                + System.getProperty("user.name")
                + ")  max-size: 26214400 -> 2097152");
  }

  /** RELIABILITY D10: a new group is for its members until its creator publishes it. */
  @Test
  void d10NewGroupsAreMembersOnlyUnlessCreatedPublic() {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    Run plain = run("group", "create", "--data", data(), "quiet");
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(plain.out()).contains("readable by: its members and site admins (private;");
    Run open = run("group", "create", "--data", data(), "news", "--public");
    assertThat(open.code()).as(open.err()).isZero();
    assertThat(open.out()).contains("readable by: anyone (public)");
    // --private is still taken (scripts written for the old default), and means what it says.
    assertThat(run("group", "create", "--data", data(), "old", "--private").code()).isZero();
    Run both = run("group", "create", "--data", data(), "both", "--public", "--private");
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.err()).contains("choose --public or --private, not both");
    assertThat(run("group", "show", "--data", data(), "quiet").out())
        .contains("visibility:  private");
    assertThat(run("group", "show", "--data", data(), "old").out())
        .contains("visibility:  private");
    assertThat(run("group", "show", "--data", data(), "news").out())
        .contains("visibility:  public");
    try (Site site =
        Site.open(
            Settings.load(Path.of(data()), Map.of()), Clock.systemUTC(), new Passwords(1024, 1))) {
      assertThat(site.groups().find(new GroupName("quiet")).orElseThrow().isPublic()).isFalse();
      assertThat(site.groups().find(new GroupName("news")).orElseThrow().isPublic()).isTrue();
    }
  }

  /**
   * Issue 17: {@code group create} and {@code group set} take the same settings, declared once;
   * each policy option names its words in the help and in the error for any other word, and the
   * member command's role and delivery mode do the same.
   */
  @Test
  void policyOptionsNameTheirWordsInHelpAndErrorsAndCreateTakesWhatSetTakes() {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    for (String command : new String[] {"create", "set"}) {
      Run help = run("group", command, "--help");
      assertThat(help.out())
          .as(command)
          .contains("Who may post: members, anyone")
          .contains("Where replies go: group, author")
          .contains("--open")
          .contains("--closed")
          .contains("--public")
          .contains("--private")
          .contains("--footer");
    }
    Run made =
        run(
            "group",
            "create",
            "--data",
            data(),
            "news",
            "--closed",
            "--posting",
            "anyone",
            "--reply-to",
            "author",
            "--title",
            "News");
    assertThat(made.code()).as(made.err()).isZero();
    assertThat(run("group", "show", "--data", data(), "news").out())
        .contains("title:       News")
        .contains("visibility:  private")
        .contains("posting:     anyone")
        .contains("joining:     closed")
        .contains("reply-to:    author");
    Run reopened = run("group", "set", "--data", data(), "news", "--open", "--reply-to", "group");
    assertThat(reopened.out())
        .contains("joining: closed -> open")
        .contains("reply-to: author -> group");
    Run refusing = run("group", "set", "--data", data(), "news", "--dmarc-failure", "refuse");
    assertThat(refusing.out()).contains("dmarc-failure: hold -> refuse");
    assertThat(run("group", "set", "--data", data(), "news", "--dmarc-failure", "drop").err())
        .contains("dmarc-failure must be hold, refuse or accept, not drop");

    Run badReply = run("group", "create", "--data", data(), "other", "--reply-to", "sender");
    assertThat(badReply.code()).isEqualTo(2);
    assertThat(badReply.err())
        .contains(
            "Invalid value for option '--reply-to': reply-to must be group, author or both, not"
                + " sender");
    assertThat(run("group", "show", "--data", data(), "other").code())
        .as("a refused command line creates nothing")
        .isEqualTo(1);

    assertThat(run("member", "add", "--help").out())
        .contains("owner, manager, member (default: member)")
        .contains("each, digest, abridged, none (default: each)");
    Run boss = run("member", "add", "--data", data(), "news", "b@example.org", "--role", "boss");
    assertThat(boss.code()).isEqualTo(2);
    assertThat(boss.err()).contains("role must be one of owner, manager, member: boss");
    Run manager =
        run(
            "member",
            "add",
            "--data",
            data(),
            "news",
            "m@example.org",
            "--role",
            "Manager",
            "--delivery",
            "none");
    assertThat(manager.code()).as(manager.err()).isZero();
    assertThat(run("member", "list", "--data", data(), "news").out())
        .containsPattern("m@example.org +manager +none +active");
  }

  @Test
  void badInputGetsOneLineAndExit1() {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    Run[] bad = {
      run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org"),
      run("group", "create", "--data", data(), "Bad Name!"),
      run("group", "show", "--data", data(), "missing"),
      run("member", "add", "--data", data(), "missing", "a@example.org"),
      run("member", "add", "--data", data(), "news", "not-an-address"),
      run("group", "list", "--data", dir.resolve("nowhere").toString()),
    };
    for (Run r : bad) {
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
      assertThat(r.err())
          .startsWith("parley: ")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  /**
   * An operator finds a message that could not be processed, reads why and what it was, and
   * releases it once the cause is fixed (or drops it).
   */
  @Test
  void anOperatorListsShowsReleasesAndDropsQuarantinedMail() throws Exception {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    run("group", "create", "--data", data(), "news", "--posting", "anyone");
    byte[][] raws = new byte[2][];
    try (Site site =
        Site.open(
            Settings.load(Path.of(data()), Map.of()),
            Clock.systemUTC(),
            new Passwords(1024, 1),
            FailingRule.before(Screen.standard(), "boom"))) {
      Group news = site.groups().find(new GroupName("news")).orElseThrow();
      for (int m = 0; m < 2; m++) {
        raws[m] =
            ("From: ada@example.com\r\nSubject: boom "
                    + m
                    + "\r\nMessage-ID: <boom"
                    + m
                    + "@example.com>\r\n\r\nHello.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Quarantine.ATTEMPTS; i++) {
          site.ingestor()
              .submit(
                  new Submission(
                      news.name(),
                      raws[m],
                      new Envelope("ada@example.com", List.of("news@example.org"), "127.0.0.1"),
                      Source.SMTP),
                  news);
        }
      }
    }

    Run list = run("quarantine", "list", "--data", data());
    assertThat(list.code()).isZero();
    assertThat(list.out().lines().toList())
        .hasSize(2)
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains("held")
                    .contains("news@example.org")
                    .contains("from ada@example.com")
                    .contains("IllegalStateException: this rule cannot handle a boom"));
    Run show = run("quarantine", "show", "--data", data(), "1");
    assertThat(show.out())
        .contains("failures:     3")
        .contains("to:           news@example.org")
        .contains("FailingRule.check");
    assertThat(run("quarantine", "show", "--data", data(), "1", "--raw").out())
        .isEqualTo(new String(raws[0], StandardCharsets.UTF_8));

    // the fixed build: this command line's own site has the standard rules
    Run released = run("quarantine", "release", "--data", data(), "1");
    assertThat(released.code()).as(released.err()).isZero();
    assertThat(released.out()).startsWith("archived as post ");
    Run dropped = run("quarantine", "drop", "--data", data(), "2");
    assertThat(dropped.out()).contains("dropped entry 2");
    assertThat(run("quarantine", "list", "--data", data()).out())
        .contains("no messages in quarantine");
    Run gone = run("quarantine", "release", "--data", data(), "2");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err().strip()).isEqualTo("parley: no message 2 in quarantine");
    try (Site site = Site.open(Settings.load(Path.of(data()), Map.of()))) {
      Group news = site.groups().find(new GroupName("news")).orElseThrow();
      assertThat(site.reader().postCount(news.id())).isEqualTo(1);
    }
  }

  /** What {@code serve} and {@code demo} print when ready: the LMTP line only when it listens. */
  @Test
  void theReadyLinesNameTheLmtpListenerOnlyWhenOneIsSet() {
    for (boolean withLmtp : new boolean[] {false, true}) {
      Map<String, String> env = withLmtp ? Map.of("PARLEY_LMTP_PORT", "0") : Map.of();
      PrintStream sysout = System.out;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      try (Site site = TestSites.open(dir.resolve("ready" + withLmtp), env).start()) {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        ServeCommand.Running.announce(site);
        System.setOut(sysout);
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(1)).isEqualTo("smtp: 127.0.0.1:" + site.smtpPort());
        if (withLmtp) {
          assertThat(lines).hasSize(3);
          assertThat(lines.get(2)).isEqualTo("lmtp: 127.0.0.1:" + site.lmtpPort().getAsInt());
        } else {
          assertThat(lines).hasSize(2);
        }
      } finally {
        System.setOut(sysout);
      }
    }
  }

  /**
   * Issue 15: web replies stored by an earlier Parley with an empty line inside their References
   * are found, listed, put right and re-derived; a post without that damage is left as it is, and a
   * second run changes nothing.
   */
  /**
   * Issue 17 item 6: the raw message is the record, and what the rows say of it is made again by
   * {@code parley rederive} with today's parser. The HTML body is stored as the message carries it
   * and sanitised by each page that shows it, so a sanitiser fix reaches old posts at once; rows
   * written by an older Parley, which stored its sanitiser's output, get the HTML back from the raw
   * message. Here a post's row holds what a too strict old sanitiser made of it (the bold gone);
   * rederive restores it from the raw message, leaves the raw and a post already right alone, the
   * page shows the bold and never the script, and a second run changes nothing.
   */
  @Test
  void rederiveMakesEveryPostsRowsAgainFromItsRawMessage() throws Exception {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    run("group", "create", "--data", data(), "news", "--posting", "anyone");
    String html =
        "MIME-Version: 1.0\r\nMessage-ID: <h1@example.org>\r\nFrom: Ada <ada@example.com>\r\n"
            + "To: news@example.org\r\nSubject: Tides\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n\r\n"
            + "<p onclick=\"steal()\">High tide at <b>noon</b>.</p><script>steal()</script>\r\n";
    String plain =
        "MIME-Version: 1.0\r\nMessage-ID: <p1@example.org>\r\nFrom: Ada <ada@example.com>\r\n"
            + "To: news@example.org\r\nSubject: Ebb\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nLow tide at six.\r\n";
    String today;
    byte[] rawBefore;
    try (Site site = Site.open(Settings.load(Path.of(data()), Map.of()))) {
      Group news = site.groups().find(new GroupName("news")).orElseThrow();
      for (String raw : List.of(html, plain)) {
        site.ingestor()
            .submit(
                new Submission(
                    news.name(),
                    raw.getBytes(StandardCharsets.UTF_8),
                    new Envelope("ada@example.com", List.of("news@example.org"), "smtp 127.0.0.1"),
                    Source.SMTP),
                news);
      }
      var post = site.reader().posts(new org.parley.archive.TopicId(1)).get(0);
      today = post.bodyHtml();
      assertThat(today).contains("<b>noon</b>").contains("<script>");
      rawBefore = site.reader().raw(post);
      // what an older Parley stored for it, in the columns of its time: its sanitiser's output,
      // which had dropped the bold
      site.db()
          .jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "UPDATE posts SET bodies = NULL, body_text = ?, body_html = ? WHERE id = ?",
                      post.bodyText(),
                      "<p>High tide at noon.</p>",
                      post.id().value()));
    }

    Run dry = run("rederive", "--data", data(), "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("2 post(s) read; 1 would change; nothing changed");
    Run once = run("rederive", "--data", data());
    assertThat(once.code()).as(once.err()).isZero();
    assertThat(once.out()).contains("2 post(s) read; 1 changed; 2 post(s) indexed");
    Run again = run("rederive", "--data", data());
    assertThat(again.out()).contains("2 post(s) read; 0 changed");
    try (Site site = Site.open(Settings.load(Path.of(data()), Map.of()))) {
      var post = site.reader().posts(new org.parley.archive.TopicId(1)).get(0);
      assertThat(post.bodyHtml()).isEqualTo(today);
      assertThat(site.reader().raw(post)).isEqualTo(rawBefore);
      assertThat(new PageHtml().of(post.bodyHtml()))
          .contains("<b>noon</b>")
          .doesNotContain("script")
          .doesNotContain("onclick");
    }
  }

  @Test
  void repairPutsRightWebRepliesStoredWithAnEmptyLineInReferences() throws Exception {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    run("group", "create", "--data", data(), "news", "--posting", "anyone");
    String refs =
        "<root-0123456789abcdef0123456789abcdef@example.org>"
            + " <r1-0123456789abcdef0123456789abcdef@example.org>"
            + " <r2-0123456789abcdef0123456789abcdef@example.org>";
    String good = org.parley.mime.FieldFolding.field("References", refs);
    String meant =
        "MIME-Version: 1.0\r\nMessage-ID: <r3@example.org>\r\nFrom: Ada <ada@example.com>\r\n"
            + "To: news@example.org\r\nSubject: Re: Tides\r\n"
            + "In-Reply-To: <r2-0123456789abcdef0123456789abcdef@example.org>\r\n"
            + good
            + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\nHigh tide at noon.\r\n";
    // what the double fold wrote: an empty line at each fold of References
    String broken = meant.replace(">\r\n <", ">\r\n\r\n <");
    assertThat(broken).isNotEqualTo(meant);
    String fine = meant.replace("<r3@example.org>", "<r4@example.org>");
    try (Site site = Site.open(Settings.load(Path.of(data()), Map.of()))) {
      Group news = site.groups().find(new GroupName("news")).orElseThrow();
      for (String raw : List.of(broken, fine)) {
        site.ingestor()
            .submit(
                new Submission(
                    news.name(),
                    raw.getBytes(StandardCharsets.UTF_8),
                    new Envelope("ada@example.com", List.of("news@example.org"), "web 127.0.0.1"),
                    Source.WEB),
                news);
      }
      var before = site.reader().posts(new org.parley.archive.TopicId(1));
      assertThat(before.get(0).bodyText()).contains("Content-Type: text/plain");
    }

    Run dry = run("repair", "--data", data(), "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("needs repair: post 1 (topic 1, <r3@example.org>, Re: Tides)");
    assertThat(dry.out()).doesNotContain("r4@example.org").contains("1 post(s) need repair");
    Run repaired = run("repair", "--data", data());
    assertThat(repaired.code()).as(repaired.err()).isZero();
    assertThat(repaired.out()).contains("repaired: post 1").contains("1 post(s) repaired");
    assertThat(run("repair", "--data", data()).out()).contains("0 post(s) needed repair");

    try (Site site = Site.open(Settings.load(Path.of(data()), Map.of()))) {
      var posts = site.reader().posts(new org.parley.archive.TopicId(1));
      org.parley.archive.Post post = posts.get(0);
      assertThat(new String(site.reader().raw(post), StandardCharsets.UTF_8)).isEqualTo(meant);
      assertThat(post.bodyText().strip()).isEqualTo("High tide at noon.");
      assertThat(site.reader().references(post.id())).hasSize(3);
      assertThat(new String(site.reader().raw(posts.get(1)), StandardCharsets.UTF_8))
          .isEqualTo(fine);
    }
  }
}
