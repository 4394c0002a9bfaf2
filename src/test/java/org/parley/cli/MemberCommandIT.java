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
import org.parley.account.EmailAddress;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.group.ChangedBy;
import org.parley.group.GroupName;
import org.parley.member.DeliveryMode;
import org.parley.member.DisabledReason;
import org.parley.member.Member;

/**
 * {@code parley member ban|unban|invite|set} and what {@code parley member list} shows, as an
 * operator meets them: one line for what was done, one line and exit code 1 for what could not be.
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

  /** The member as the store has it, read with the site closed again. */
  Member ada() {
    try (Site site = open()) {
      long group = site.groups().find(new GroupName("news")).orElseThrow().id();
      return site.members().find(group, EmailAddress.of("ada@example.com")).orElseThrow();
    }
  }

  Site open() {
    return Site.open(Settings.load(Path.of(data())));
  }

  @Test
  void setsDeliveryAndSelfCopyInOneLineAndAuditsIt() {
    Run r =
        run(
            "member",
            "set",
            "--data",
            data(),
            "news",
            "ADA@example.com",
            "--delivery",
            "digest",
            "--self-copy",
            "true");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "ada@example.com in news@lists.example.org: delivery digest, self-copy on, active");
    Member ada = ada();
    assertThat(ada.delivery()).isEqualTo(DeliveryMode.DIGEST);
    assertThat(ada.selfCopy()).isTrue();
    try (Site site = open()) {
      long group = site.groups().find(new GroupName("news")).orElseThrow().id();
      assertThat(site.groups().auditLog().latest(group, 10))
          .anySatisfy(
              e -> {
                assertThat(e.setting()).isEqualTo("delivery");
                assertThat(e.after()).isEqualTo("digest");
                assertThat(e.by()).isInstanceOf(ChangedBy.CommandLine.class);
              })
          .anySatisfy(e -> assertThat(e.setting()).isEqualTo("self-copy"));
    }
  }

  @Test
  void enableTurnsADisabledMembersDeliveryBackOn() {
    try (Site site = open()) {
      long group = site.groups().find(new GroupName("news")).orElseThrow().id();
      Member m = site.members().find(group, EmailAddress.of("ada@example.com")).orElseThrow();
      site.db()
          .jdbi()
          .useHandle(h -> site.members().disable(h, group, m.accountId(), DisabledReason.BOUNCES));
    }
    assertThat(ada().active()).isFalse();
    Run r = run("member", "set", "--data", data(), "news", "ada@example.com", "--enable");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("delivery each, self-copy off, active");
    assertThat(ada().active()).isTrue();
  }

  @Test
  void badInputChangesNothingAndSaysWhyInOneLine() {
    Run mode =
        run("member", "set", "--data", data(), "news", "ada@example.com", "--delivery", "fax");
    assertThat(mode.code()).isNotZero();
    assertThat(mode.err()).contains("delivery must be one of each, digest, abridged, none");

    Run flag =
        run("member", "set", "--data", data(), "news", "ada@example.com", "--self-copy", "maybe");
    assertThat(flag.code()).isNotZero();
    assertThat(flag.err()).contains("maybe");

    Run nothing = run("member", "set", "--data", data(), "news", "ada@example.com");
    assertThat(nothing.code()).isEqualTo(1);
    assertThat(nothing.err().strip())
        .isEqualTo("parley: nothing to change: give --delivery, --self-copy or --enable");

    Run stranger =
        run("member", "set", "--data", data(), "news", "bob@example.com", "--delivery", "none");
    assertThat(stranger.code()).isEqualTo(1);
    assertThat(stranger.err().strip()).isEqualTo("parley: bob@example.com is not a member of news");

    Run group = run("member", "set", "--data", data(), "nosuch", "ada@example.com", "--enable");
    assertThat(group.code()).isEqualTo(1);
    assertThat(group.err()).contains("no group named nosuch");

    assertThat(ada().delivery()).isEqualTo(DeliveryMode.EACH);
    assertThat(ada().selfCopy()).isFalse();
  }
}
