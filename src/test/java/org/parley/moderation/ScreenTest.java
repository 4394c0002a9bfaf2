package org.parley.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.MemberStatus;
import org.parley.member.Role;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.moderation.rules.AdministriviaRule;
import org.parley.moderation.rules.AutoReplyRule;

class ScreenTest {
  final Group group =
      new Group(
          1,
          new GroupName("news"),
          "News",
          "",
          Visibility.PUBLIC,
          Posting.MEMBERS,
          Joining.OPEN,
          "[news]",
          ReplyTo.GROUP,
          "",
          false,
          1000,
          Instant.EPOCH);
  final Member member =
      new Member(
          1,
          new AccountId(1),
          EmailAddress.of("ada@example.com"),
          "Ada",
          Role.MEMBER,
          DeliveryMode.EACH,
          MemberStatus.ACTIVE,
          null,
          false,
          0,
          "t",
          Instant.EPOCH);

  Verdict screen(String headers, Optional<Member> sender, boolean imported) throws Exception {
    return screen(headers, "ada@example.com", sender, imported);
  }

  Verdict screen(String headers, String mailFrom, Optional<Member> sender, boolean imported)
      throws Exception {
    byte[] raw =
        (headers + "From: ada@example.com\r\nSubject: x\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.UTF_8);
    return Screen.standard()
        .screen(
            new Screening(
                new MessageParser(Limits.defaults()).parse(raw),
                mailFrom,
                raw.length,
                group,
                sender,
                "news.lists.test",
                "news@lists.test",
                imported));
  }

  @Test
  void theRulesRunInOrderAndTheFirstDecisionWins() throws Exception {
    assertThat(Screen.standard().ruleIds())
        .containsExactly(
            "loop",
            "auto-submitted",
            "administrivia",
            "max-size",
            "spam-refuse",
            "spam-score",
            "dmarc-temperror",
            "dmarc-moderation",
            "nonmember-post",
            "moderate-all");
    // a looped copy from a non-member is dropped as a loop, not refused as a non-member
    assertThat(screen("List-Id: <news.lists.test>\r\n", Optional.empty(), false))
        .isInstanceOf(Verdict.Discard.class);
  }

  @Test
  void e2TheSitesScreenBrakesStormsAfterTheRulesThatNeedNoStore() {
    assertThat(
            Screen.standard(
                    new PostHistory(null),
                    Clock.systemUTC(),
                    PostingRate.DEFAULT,
                    new org.parley.member.Bans(null, Clock.systemUTC(), null),
                    new AllowedSenders(null, Clock.systemUTC(), null),
                    true,
                    org.parley.spam.SpamPolicy.NONE)
                .ruleIds())
        .containsExactly(
            "loop",
            "banned",
            "allowed-sender",
            "auto-submitted",
            "auto-reply",
            "administrivia",
            "max-size",
            "spam-refuse",
            "spam-score",
            "dmarc-temperror",
            "dmarc-moderation",
            "nonmember-post",
            "member-moderation",
            "moderate-all",
            "sender-rate");
  }

  /** Naive vacation scripts stack their prefix on the subject they answer. */
  @Test
  void e2ASubjectThatIsAStackOfAutoReplyPrefixesIsAnAutomaticReply() {
    for (String s :
        new String[] {
          "Away: Away: Away: [news] Tides",
          "Auto: Re: Out of office",
          "Away: [news] Tides",
          "Automatic reply: RE: minutes",
          "Out of Office: AW[2]: Treffen",
          "  away:re: hello"
        }) {
      assertThat(AutoReplyRule.stackedAutoPrefix(s)).as(s).isTrue();
    }
    for (String s :
        new String[] {
          "Away: back on Monday",
          "Re: Away: Re: Tides",
          "Re: Out of office etiquette",
          "Vacation plans",
          "[news] Away: Away",
          "Auto: the car show",
          ""
        }) {
      assertThat(AutoReplyRule.stackedAutoPrefix(s)).as(s).isFalse();
    }
  }

  @Test
  void aMessageThatHasPassedThroughMoreThanFiftyServersIsRefusedAsALoop() throws Exception {
    String hop = "Received: x\r\n"; // short: this group takes messages of 1,000 bytes at most
    assertThat(screen(hop.repeat(50), Optional.of(member), false))
        .isInstanceOf(Verdict.Accept.class);
    assertThat(screen(hop.repeat(51), Optional.of(member), false))
        .isInstanceOfSatisfying(
            Verdict.Reject.class,
            r -> {
              assertThat(r.rule()).isEqualTo("loop");
              assertThat(r.code()).isEqualTo(554);
              assertThat(r.status()).isEqualTo("5.4.6");
            });
  }

  @Test
  void membersPassAndOthersAreRefusedUnlessImported() throws Exception {
    assertThat(screen("", Optional.of(member), false)).isInstanceOf(Verdict.Accept.class);
    assertThat(screen("", Optional.empty(), false))
        .isInstanceOfSatisfying(
            Verdict.Reject.class, r -> assertThat(r.rule()).isEqualTo("nonmember-post"));
    assertThat(screen("", Optional.empty(), true)).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void autoRepliesAreRefusedButAutoSubmittedNoIsAPerson() throws Exception {
    assertThat(screen("Auto-Submitted: auto-replied\r\n", Optional.of(member), false))
        .isInstanceOf(Verdict.Reject.class);
    assertThat(screen("Auto-Submitted: no\r\n", Optional.of(member), false))
        .isInstanceOf(Verdict.Accept.class);
    assertThat(screen("Precedence: junk\r\n", Optional.of(member), false))
        .isInstanceOf(Verdict.Reject.class);
    assertThat(screen("X-Autoreply: yes\r\n", Optional.of(member), false))
        .isInstanceOf(Verdict.Reject.class);
    assertThat(screen("Precedence: auto_reply\r\n", Optional.of(member), false))
        .isInstanceOf(Verdict.Reject.class);
    // Outlook sets this on ordinary mail, to ask for no auto-replies to it
    assertThat(screen("X-Auto-Response-Suppress: All\r\n", Optional.of(member), false))
        .isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void bouncesReadReceiptsAndReportsAreRefusedEvenFromAMembersAddress() throws Exception {
    // a vacation reply or a receipt from a member's mail program: null return path, no header
    assertThat(screen("", "", Optional.of(member), false))
        .isInstanceOfSatisfying(
            Verdict.Reject.class,
            r -> {
              assertThat(r.rule()).isEqualTo("auto-submitted");
              assertThat(r.code()).isEqualTo(550);
              assertThat(r.reason()).contains("empty return path (MAIL FROM:<>)");
            });
    // a read receipt sent with the member's own return path
    String receipt =
        "MIME-Version: 1.0\r\nContent-Type: Multipart/Report;"
            + " report-type=disposition-notification; boundary=b\r\n";
    assertThat(screen(receipt, Optional.of(member), false))
        .isInstanceOfSatisfying(
            Verdict.Reject.class, r -> assertThat(r.reason()).contains("multipart/report"));
    // an archive brought in keeps what its list once took
    assertThat(screen(receipt, "", Optional.of(member), true)).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void aMessageLargerThanTheGroupAllowsGets552() throws Exception {
    assertThat(screen("X-Pad: " + "x".repeat(2000) + "\r\n", Optional.of(member), false))
        .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.code()).isEqualTo(552));
  }

  Verdict post(String subject, String body, boolean imported) throws Exception {
    byte[] raw =
        ("From: ada@example.com\r\nSubject: " + subject + "\r\n\r\n" + body)
            .getBytes(StandardCharsets.UTF_8);
    return Screen.standard()
        .screen(
            new Screening(
                new MessageParser(Limits.defaults()).parse(raw),
                "ada@example.com",
                raw.length,
                group,
                Optional.of(member),
                "news.lists.test",
                "news@lists.test",
                imported));
  }

  /** "unsubscribe" sent to the whole group is refused with how to leave, not sent to everyone. */
  @Test
  void aRequestToLeaveOrJoinIsRefusedWithHowToDoIt() throws Exception {
    String[][] requests = {
      {"unsubscribe", "please take me off\r\n", "leave"},
      {"Re: [news] Hello", "Unsubscribe me please.\r\n\r\n> quoted post\r\n", "leave"},
      {"Hello", "\r\n\r\nRemove me!\r\n", "leave"},
      {"SUBSCRIBE", "\r\n", "join"},
      {"hi", "subscribe ada@example.org\r\nthanks\r\n", "join"},
    };
    for (String[] r : requests) {
      Verdict v = post(r[0], r[1], false);
      assertThat(v).as(r[0] + " / " + r[1]).isInstanceOf(Verdict.Reject.class);
      Verdict.Reject reject = (Verdict.Reject) v;
      assertThat(reject.rule()).isEqualTo("administrivia");
      assertThat(reject.code()).isEqualTo(550);
      assertThat(reject.reason())
          .contains("a request to " + r[2] + " news@lists.test")
          .contains("unsubscribe link at the foot of any message");
    }
  }

  /** Posts that only mention the words are posts. */
  @Test
  void aPostThatMentionsLeavingOrJoiningIsAPost() throws Exception {
    String tenLines = "line\r\n".repeat(AdministriviaRule.MAX_LINES);
    String[][] posts = {
      {"Unsubscribe link is broken", "It gives a 404.\r\n"},
      {"Re: old files", "Leave it.\r\n"},
      {"Re: old files", "Remove the old ones, please.\r\n"},
      {"Help", "How do I join the meeting?\r\n"},
      {"Re: Hello", "> unsubscribe\r\nPlease don't post that here.\r\n"},
      {"Minutes", tenLines + "unsubscribe\r\n"},
      {"Join us on Friday", "At the usual place.\r\n"},
    };
    for (String[] p : posts) {
      assertThat(post(p[0], p[1], false))
          .as(p[0] + " / " + p[1])
          .isInstanceOf(Verdict.Accept.class);
    }
    assertThat(post("unsubscribe", "\r\n", true))
        .as("imported history keeps what was said")
        .isInstanceOf(Verdict.Accept.class);
  }
}
