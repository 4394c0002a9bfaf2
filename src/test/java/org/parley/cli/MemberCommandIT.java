package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley member ban|unban|invite} and what {@code parley member list} shows, as an operator
 * meets them: one line for what was done, one line and exit code 1 for what could not be.
 */
class MemberCommandIT {
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

  @BeforeEach
  void site() {
    Run init =
        run(
            "init",
            "--data",
            data(),
            "--domain",
            "lists.example.org",
            "--admin-email",
            "root@x.org");
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(run("group", "create", "--data", data(), "news").code()).isZero();
    assertThat(run("member", "add", "--data", data(), "news", "ada@example.com").code()).isZero();
  }

  @Test
  void listShowsRoleDeliveryAndBounceState() {
    String list = run("member", "list", "--data", data(), "news").out();
    assertThat(list).contains("ROLE", "DELIVERY", "STATE");
    assertThat(list).containsPattern("ada@example.com\\s+member\\s+each\\s+active\\s");
  }

  @Test
  void aBanRemovesTheMemberAndKeepsThemOutUntilLifted() {
    Run ban = run("member", "ban", "--data", data(), "news", "ADA@example.com", "--reason", "Spam");
    assertThat(ban.code()).as(ban.err()).isZero();
    assertThat(ban.out())
        .contains("banned ada@example.com from news", "removed ada@example.com from news");
    assertThat(run("member", "list", "--data", data(), "news").out()).doesNotContain("ada@");

    Run again = run("member", "add", "--data", data(), "news", "ada@example.com");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("banned from this group by its moderators (Spam)");

    assertThat(run("member", "unban", "--data", data(), "news", "ada@example.com").out())
        .contains("lifted the ban of ada@example.com");
    assertThat(run("member", "add", "--data", data(), "news", "ada@example.com").code()).isZero();
    Run none = run("member", "unban", "--data", data(), "news", "ada@example.com");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("is not banned from news");
  }

  @Test
  void aWholeDomainIsBanned() {
    Run ban = run("member", "ban", "--data", data(), "news", "example.com");
    assertThat(ban.out()).contains("banned @example.com from news", "removed ada@example.com");
    Run invite = run("member", "invite", "--data", data(), "news", "bob@example.com");
    assertThat(invite.code()).isEqualTo(1);
    assertThat(invite.err()).contains("bob@example.com is banned from this group");
    Run bad = run("member", "ban", "--data", data(), "news", "not a domain");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("a ban is an address (ada@example.org) or a domain");
  }

  @Test
  void anInvitationIsQueuedOnceAnHour() {
    Run invite =
        run("member", "invite", "--data", data(), "news", "bob@example.com", "--note", "Hi");
    assertThat(invite.code()).as(invite.err()).isZero();
    assertThat(invite.out()).contains("invited bob@example.com to news@lists.example.org");
    Run again = run("member", "invite", "--data", data(), "news", "bob@example.com");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("invited within the last hour");
    Run member = run("member", "invite", "--data", data(), "news", "ada@example.com");
    assertThat(member.code()).isEqualTo(1);
    assertThat(member.err()).contains("a member already");
  }
}
