package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
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
          {"group", "list", "--help"},
          {"group", "show", "--help"},
          {"member", "add", "--help"},
          {"member", "remove", "--help"},
          {"member", "list", "--help"},
          {"redrive", "--help"}
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
}
