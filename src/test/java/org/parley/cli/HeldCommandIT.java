package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.parley.archive.MessageId;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.moderation.Chain;
import org.parley.moderation.Screen;

/**
 * {@code parley held list|approve|reject}: operators act on what a group's chain held, from a
 * process of their own (the site's default chain; the group's hold was made by the serving site's).
 */
class HeldCommandIT {
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

  @Test
  void heldMessagesAreListedApprovedOnceAndRejected() {
    run("init", "--data", data(), "--domain", "example.org", "--admin-email", "root@example.org");
    run("group", "create", "--data", data(), "news");
    run("group", "create", "--data", data(), "other");
    Screen holding =
        Screen.standard().withChains(g -> Chain.of(g).with("nonmember-post", Chain.Action.HOLD));
    try (Site site =
        Site.open(
            Settings.load(Path.of(data()), Map.of()),
            Clock.systemUTC(),
            new Passwords(1024, 1),
            holding)) {
      Group news = site.groups().find(new GroupName("news")).orElseThrow();
      for (int m = 1; m <= 2; m++) {
        byte[] raw =
            ("From: zed@example.net\r\nSubject: outside "
                    + m
                    + "\r\nMessage-ID: <out"
                    + m
                    + "@example.net>\r\n\r\nHello.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        IngestResult r =
            site.ingestor()
                .submit(
                    new Submission(
                        news.name(),
                        raw,
                        new Envelope("zed@example.net", List.of("news@example.org"), "127.0.0.1"),
                        Source.SMTP),
                    news);
        assertThat(r).isEqualTo(new IngestResult.Held(m));
      }
    }

    Run list = run("held", "list", "--data", data());
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("1     news@example.org")
        .contains("from zed@example.net")
        .contains("outside 1  (nonmember-post)")
        .contains("outside 2  (nonmember-post)")
        .contains("      nonmember-post: zed@example.net is not a member of news@example.org");
    assertThat(run("held", "list", "--data", data(), "other").out())
        .isEqualTo("no held messages\n");
    Run unknown = run("held", "list", "--data", data(), "nope");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err().strip()).isEqualTo("parley: no group nope");

    // this command line's own site refuses non-members, yet posts what a moderator approves
    Run approved = run("held", "approve", "--data", data(), "1");
    assertThat(approved.code()).as(approved.err()).isZero();
    assertThat(approved.out()).startsWith("approved: archived as post ");
    Run again = run("held", "approve", "--data", data(), "1");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err().strip()).isEqualTo("parley: no held message 1");

    Run rejected = run("held", "reject", "--data", data(), "2");
    assertThat(rejected.out()).contains("rejected held message 2");
    assertThat(run("held", "reject", "--data", data(), "2").code()).isEqualTo(1);
    assertThat(run("held", "list", "--data", data()).out()).isEqualTo("no held messages\n");

    try (Site site = Site.open(Settings.load(Path.of(data()), Map.of()))) {
      Group news = site.groups().find(new GroupName("news")).orElseThrow();
      assertThat(site.reader().postCount(news.id())).isEqualTo(1);
      assertThat(site.reader().postsByMessageId(news.id(), MessageId.of("out1@example.net")))
          .hasSize(1);
    }
  }
}
