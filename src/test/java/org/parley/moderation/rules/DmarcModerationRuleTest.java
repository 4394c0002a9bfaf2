package org.parley.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;
import org.parley.group.DmarcFailure;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.mailauth.DmarcRecord;
import org.parley.mailauth.DmarcResult;
import org.parley.mailauth.SenderAuthentication;
import org.parley.mailauth.SpfResult;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.MemberStatus;
import org.parley.member.Role;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.moderation.Chain;
import org.parley.moderation.Screen;
import org.parley.moderation.Screening;
import org.parley.moderation.Verdict;

/**
 * {@code dmarc-moderation} and {@code dmarc-temperror} (issue 21, item 2): a member's address that
 * its domain does not vouch for is held, refused or accepted as the group's {@code dmarc-failure}
 * says; one whose domain could not be checked is refused for now (451); a non-member's mail, and
 * mail whose sender was not checked, are not theirs to judge.
 */
class DmarcModerationRuleTest {
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
          100_000,
          Instant.EPOCH);
  final Member bob =
      new Member(
          1,
          new AccountId(1),
          EmailAddress.of("bob@reject.example"),
          "Bob",
          Role.MEMBER,
          DeliveryMode.EACH,
          MemberStatus.ACTIVE,
          null,
          false,
          0,
          "t",
          Instant.EPOCH);

  static SenderAuthentication auth(
      SpfResult.Outcome spf, DmarcResult.Outcome dmarc, boolean aligned) {
    return new SenderAuthentication(
        new SpfResult(spf, SpfResult.Identity.MAILFROM, "bob@reject.example", "reject.example"),
        List.of(),
        new DmarcResult(
            dmarc,
            "reject.example",
            dmarc == DmarcResult.Outcome.NONE
                ? Optional.empty()
                : Optional.of(DmarcRecord.Policy.REJECT),
            aligned,
            ""));
  }

  static final SenderAuthentication FORGED =
      auth(SpfResult.Outcome.FAIL, DmarcResult.Outcome.FAIL, false);

  Verdict screen(Group g, Optional<Member> sender, Optional<SenderAuthentication> a)
      throws Exception {
    byte[] raw =
        "From: bob@reject.example\r\nSubject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
    Screening s =
        new Screening(
            new MessageParser(Limits.defaults()).parse(raw),
            "bob@reject.example",
            raw.length,
            g,
            sender,
            "news.lists.test",
            "news@lists.test",
            false,
            Optional.empty(),
            a);
    return Screen.standard().screen(s, Chain.of(g));
  }

  @Test
  void aForgedMemberAddressIsHeldByDefault() throws Exception {
    Verdict v = screen(group, Optional.of(bob), Optional.of(FORGED));
    assertThat(v).isInstanceOf(Verdict.Hold.class);
    Verdict.Hold h = (Verdict.Hold) v;
    assertThat(h.hits())
        .singleElement()
        .satisfies(
            hit -> {
              assertThat(hit.rule()).isEqualTo("dmarc-moderation");
              assertThat(hit.reason()).contains("bob@reject.example", "DMARC", "reject.example");
            });
  }

  @Test
  void aGroupThatRefusesAnswers550WithTheReason() throws Exception {
    Group refusing = group.edit().dmarcFailure(DmarcFailure.REFUSE).build();
    Verdict v = screen(refusing, Optional.of(bob), Optional.of(FORGED));
    assertThat(v).isInstanceOf(Verdict.Reject.class);
    Verdict.Reject r = (Verdict.Reject) v;
    assertThat(r.code()).isEqualTo(550);
    assertThat(r.status()).isEqualTo("5.7.1");
    assertThat(r.reason()).contains("DMARC").contains("reject.example");
  }

  @Test
  void aGroupThatAcceptsPostsItWithTheHitRecorded() throws Exception {
    Group accepting = group.edit().dmarcFailure(DmarcFailure.ACCEPT).build();
    Verdict v = screen(accepting, Optional.of(bob), Optional.of(FORGED));
    assertThat(v).isInstanceOf(Verdict.Accept.class);
    assertThat(((Verdict.Accept) v).hits())
        .extracting(h -> h.rule())
        .containsExactly("dmarc-moderation");
    Verdict undecided =
        screen(
            accepting,
            Optional.of(bob),
            Optional.of(auth(SpfResult.Outcome.TEMPERROR, DmarcResult.Outcome.TEMPERROR, false)));
    assertThat(undecided).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void noAlignmentAtAllWithoutARecordIsHeldToo() throws Exception {
    Verdict v =
        screen(
            group,
            Optional.of(bob),
            Optional.of(auth(SpfResult.Outcome.SOFTFAIL, DmarcResult.Outcome.NONE, false)));
    assertThat(v).isInstanceOf(Verdict.Hold.class);
  }

  @Test
  void anAlignedPassAndAnUncheckedMessagePass() throws Exception {
    assertThat(
            screen(
                group,
                Optional.of(bob),
                Optional.of(auth(SpfResult.Outcome.PASS, DmarcResult.Outcome.PASS, true))))
        .isEqualTo(new Verdict.Accept(List.of()));
    assertThat(
            screen(
                group,
                Optional.of(bob),
                Optional.of(auth(SpfResult.Outcome.PASS, DmarcResult.Outcome.NONE, true))))
        .isEqualTo(new Verdict.Accept(List.of()));
    assertThat(screen(group, Optional.of(bob), Optional.empty()))
        .isEqualTo(new Verdict.Accept(List.of()));
  }

  @Test
  void aNonMemberIsTheNonmemberRulesToJudge() throws Exception {
    Verdict v = screen(group, Optional.empty(), Optional.of(FORGED));
    assertThat(v).isInstanceOf(Verdict.Reject.class);
    assertThat(((Verdict.Reject) v).rule()).isEqualTo("nonmember-post");
  }

  @Test
  void aDomainThatCouldNotBeCheckedIsRefusedForNowSoTheSenderRetries() throws Exception {
    Verdict v =
        screen(
            group,
            Optional.of(bob),
            Optional.of(auth(SpfResult.Outcome.TEMPERROR, DmarcResult.Outcome.TEMPERROR, false)));
    assertThat(v).isInstanceOf(Verdict.Reject.class);
    Verdict.Reject r = (Verdict.Reject) v;
    assertThat(r.rule()).isEqualTo("dmarc-temperror");
    assertThat(r.code()).isEqualTo(451);
    assertThat(r.status()).startsWith("4.7.");
    assertThat(r.reason()).contains("try again later");
  }

  @Test
  void anApprovalDoesNotHoldAgainForWhatTheModeratorSaw() {
    Chain approved = Chain.of(group).approved(Set.of("dmarc-moderation"));
    assertThat(approved.actionFor("dmarc-moderation")).contains(Chain.Action.RECORD);
  }
}
