package org.parley.mailcommand;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.group.Confirmations.Confirmation;
import org.parley.group.Group;
import org.parley.group.ListAddresses;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * A reply to {@code <group>-confirm+<token>@} carries out what its token stands for, once, and only
 * from the address the token was sent to; a dead token is refused at RCPT with a reason, before the
 * body is sent.
 */
class MailCommandsIT {
  @TempDir Path dir;
  Site site;
  Group club;
  final List<String> done = new ArrayList<>();

  /** An action that records what it was asked to do: the plug-in point, exercised for real. */
  final ConfirmedAction record =
      new ConfirmedAction() {
        @Override
        public String action() {
          return "record";
        }

        @Override
        public Outcome confirmed(Group group, Confirmation c, CommandReply reply) {
          done.add(c.subject() + ":" + reply.firstWord() + ":" + reply.rest());
          return Outcome.done("Recorded " + c.subject() + ".");
        }
      };

  /** Understands only "yes"; fails the first time it is asked, as a store that is briefly busy. */
  final ConfirmedAction picky =
      new ConfirmedAction() {
        boolean failed;

        @Override
        public String action() {
          return "picky";
        }

        @Override
        public boolean understands(CommandReply reply) {
          return reply.firstWord().equals("yes");
        }

        @Override
        public String howToReply() {
          return "Reply with yes.";
        }

        @Override
        public Outcome confirmed(Group group, Confirmation c, CommandReply reply) {
          if (!failed) {
            failed = true;
            throw new IllegalStateException("the store is busy");
          }
          done.add("picky:" + c.subject());
          return Outcome.done("Done.");
        }
      };

  MailCommands commands;

  @BeforeEach
  void open() {
    site = TestSites.open(dir, Map.of()).start();
    club = TestSites.group(site, "club", "ada@example.org");
    commands =
        new MailCommands(
            site.confirmations(),
            site.groups(),
            new MessageParser(Limits.defaults()),
            List.of(record, picky));
  }

  @AfterEach
  void close() {
    site.close();
  }

  static byte[] reply(String from, String body) {
    return ("From: "
            + from
            + "\r\nTo: club-confirm@lists.test\r\nSubject: Re: please confirm\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aReplyFromTheAddressItWasSentToActsOnceWithItsFirstLineOfItsOwn() {
    String token =
        site.confirmations()
            .issue(club.id(), "record", "42", "Ada@Example.org", Duration.ofDays(1));
    assertThat(commands.knows(club, token)).isTrue();

    Outcome first =
        commands.confirm(
            club,
            token,
            "ada@example.org",
            reply(
                "Ada <ada@example.org>",
                "\r\nreject  off topic\r\n\r\nOn Monday, Bob wrote:\r\n> approve\r\n"));
    assertThat(first).isEqualTo(Outcome.done("Recorded 42."));
    assertThat(done).containsExactly("42:reject:off topic");

    Outcome again =
        commands.confirm(club, token, "ada@example.org", reply("ada@example.org", "approve"));
    assertThat(again.done()).isFalse();
    assertThat(again.sentence()).contains("already used");
    assertThat(commands.knows(club, token)).isFalse();
    assertThat(done).hasSize(1);
  }

  @Test
  void aReplyFromAnotherAddressDoesNothingAndLeavesTheTokenForItsOwner() {
    String token =
        site.confirmations().issue(club.id(), "record", "7", "ada@example.org", Duration.ofDays(1));
    Outcome other =
        commands.confirm(club, token, "mallory@example.net", reply("mallory@example.net", "ok"));
    assertThat(other.done()).isFalse();
    assertThat(other.sentence()).contains("another address");
    assertThat(done).isEmpty();
    // the one it was sent to may still use it; a reply that only quotes reads as no words at all
    assertThat(commands.confirm(club, token, "", reply("ada@example.org", "> quoted\r\n")).done())
        .isTrue();
    assertThat(done).containsExactly("7::");
  }

  @Test
  void aReplyItDoesNotUnderstandOrThatFailsOnTheWayLeavesTheTokenWorking() {
    String token =
        site.confirmations().issue(club.id(), "picky", "9", "ada@example.org", Duration.ofDays(1));
    Outcome unclear = commands.confirm(club, token, "", reply("ada@example.org", "Sure, why not"));
    assertThat(unclear.done()).isFalse();
    assertThat(unclear.sentence()).contains("\"Sure, why not\"").contains("Reply with yes.");
    assertThat(commands.knows(club, token)).isTrue();
    // the action fails on the way: the failure goes up (the listener answers 451) and the token
    // is live again for the sender's retry
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> commands.confirm(club, token, "", reply("ada@example.org", "yes")))
        .hasMessageContaining("busy");
    assertThat(commands.knows(club, token)).isTrue();
    assertThat(commands.confirm(club, token, "", reply("ada@example.org", "yes")).done()).isTrue();
    assertThat(done).containsExactly("picky:9");
    assertThat(commands.knows(club, token)).isFalse();
  }

  @Test
  void aTokenOfAnotherGroupOrPastItsTimeIsNotKnown() {
    Group other = TestSites.group(site, "other");
    String theirs =
        site.confirmations()
            .issue(other.id(), "record", "1", "ada@example.org", Duration.ofDays(1));
    assertThat(commands.knows(club, theirs)).isFalse();
    assertThat(
            commands.confirm(club, theirs, "ada@example.org", reply("ada@example.org", "x")).done())
        .isFalse();
    String expired =
        site.confirmations()
            .issue(club.id(), "record", "2", "ada@example.org", Duration.ofMillis(-1));
    assertThat(commands.knows(club, expired)).isFalse();
    assertThat(done).isEmpty();
  }

  @Test
  void overSmtpADeadConfirmationAddressIsRefusedAtRcptWithAReason() throws Exception {
    ListAddresses addresses = new ListAddresses(TestSites.DOMAIN);
    String unknown = addresses.confirm(club.name(), "0123456789abcdef0123456789abcdef01234567");
    try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
      SmtpClient.Reply r =
          smtp.send("ada@example.org", List.of(unknown), reply("ada@example.org", "yes"));
      assertThat(r.code()).isEqualTo(550);
      assertThat(r.text()).contains("unknown, already used or expired");
      SmtpClient.Reply bare =
          smtp.send(
              "ada@example.org",
              List.of("club-confirm@lists.test"),
              reply("ada@example.org", "yes"));
      assertThat(bare.code()).isEqualTo(550);
    }
  }
}
