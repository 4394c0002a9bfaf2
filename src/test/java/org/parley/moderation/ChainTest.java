package org.parley.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Moderation;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.MemberStatus;
import org.parley.member.Role;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.moderation.Chain.Action;

/**
 * Rules only detect; a group's chain turns their hits into one verdict (issue 17, item 2). The
 * site's default chain answers every message exactly as the rules decided before the split.
 */
class ChainTest {
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

  Screening screening(String headers, Optional<Member> sender) throws Exception {
    return screening(group, headers, sender);
  }

  Screening screening(Group group, String headers, Optional<Member> sender) throws Exception {
    byte[] raw =
        (headers + "From: ada@example.com\r\nSubject: x\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.UTF_8);
    return new Screening(
        new MessageParser(Limits.defaults()).parse(raw),
        "ada@example.com",
        raw.length,
        group,
        sender,
        "news.lists.test",
        "news@lists.test",
        false);
  }

  Verdict screen(Chain chain, String headers, Optional<Member> sender) throws Exception {
    return Screen.standard().screen(screening(headers, sender), chain);
  }

  @Test
  void everyGroupHasTheSitesChainWhichLinksEveryRuleOfTheSiteInItsOrder() {
    assertThat(Chain.of(group)).isEqualTo(Chain.DEFAULT);
    assertThat(Chain.DEFAULT.links().stream().map(Chain.Link::rule).toList())
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
    // the moderation rules and spam-score hit only in a group whose settings ask for them, and
    // hold; so does dmarc-moderation (a member's address its domain does not vouch for); an
    // always-allowed sender releases the moderation holds; the rest refuse
    assertThat(Chain.DEFAULT.links())
        .allMatch(
            l ->
                l.action()
                    == switch (l.rule()) {
                      case "member-moderation", "moderate-all", "spam-score", "dmarc-moderation" ->
                          Action.HOLD;
                      case "allowed-sender" -> Action.RELEASE;
                      default -> Action.REFUSE;
                    });
    assertThat(new Screen(List.of()).chainFor(group)).isEqualTo(Chain.DEFAULT);
  }

  @Test
  void theDefaultChainRefusesWithTheRulesOwnAnswerAndDropsOurOwnCopies() throws Exception {
    assertThat(screen(Chain.DEFAULT, "", Optional.empty()))
        .isEqualTo(
            new Verdict.Reject(
                "nonmember-post",
                550,
                "5.7.1",
                "ada@example.com is not a member of news@lists.test, and only members may post to"
                    + " it. Join the group first, then send again."));
    assertThat(screen(Chain.DEFAULT, "List-Id: <news.lists.test>\r\n", Optional.empty()))
        .isEqualTo(
            new Verdict.Discard(
                "loop", "it carries this group's own List-Id, so it is a copy we sent"));
    assertThat(screen(Chain.DEFAULT, "Received: x\r\n".repeat(51), Optional.of(member)))
        .isEqualTo(
            new Verdict.Reject(
                "loop",
                554,
                "5.4.6",
                "The message has passed through 51 mail servers (Received fields); it is looping,"
                    + " so it is refused."));
    assertThat(screen(Chain.DEFAULT, "", Optional.of(member)))
        .isEqualTo(new Verdict.Accept(List.of()));
  }

  @Test
  void aRuleReportsAHitOfItsOwnIdWithTheAnswerARefusalGives() throws Exception {
    Check check =
        Screen.standard().rules().stream()
            .filter(r -> r.id().equals("max-size"))
            .findFirst()
            .orElseThrow()
            .check(screening("X-Pad: " + "x".repeat(2000) + "\r\n", Optional.of(member)));
    assertThat(check)
        .isInstanceOfSatisfying(
            Check.Hit.class,
            h -> {
              assertThat(h.rule()).isEqualTo("max-size");
              assertThat(h.refusal()).contains(new Check.Refusal(552, "5.3.4"));
              assertThat(h.reason()).startsWith("The message is ").contains("this group takes");
            });
  }

  @Test
  void aGroupThatHoldsNonMembersKeepsTheirMailWithTheHit() throws Exception {
    Chain holding = Chain.DEFAULT.with("nonmember-post", Action.HOLD);
    assertThat(holding.links()).hasSameSizeAs(Chain.DEFAULT.links());
    assertThat(screen(holding, "", Optional.empty()))
        .isInstanceOfSatisfying(
            Verdict.Hold.class,
            h -> {
              assertThat(h.hits()).extracting(Check.Hit::rule).containsExactly("nonmember-post");
              assertThat(h.hits().get(0).reason()).contains("is not a member of news@lists.test");
            });
    // members pass as before
    assertThat(screen(holding, "", Optional.of(member))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void theModerationSettingMakesTheGroupsChain() throws Exception {
    assertThat(Chain.of(group.withModeration(Moderation.NONE, 1))).isEqualTo(Chain.DEFAULT);
    assertThat(Chain.of(group.withModeration(Moderation.NEW_MEMBERS, 3))).isEqualTo(Chain.DEFAULT);
    assertThat(Chain.of(group.withModeration(Moderation.EVERYONE, 1))).isEqualTo(Chain.DEFAULT);
    assertThat(Chain.of(group.withModeration(Moderation.NON_MEMBERS, 1)))
        .isEqualTo(Chain.DEFAULT.with("nonmember-post", Action.HOLD));
    // a group that holds doubtful posts holds what is too big or looks like a command
    Chain doubtful = Chain.of(group.edit().holdDoubtful(true).build());
    assertThat(doubtful.actionFor("max-size")).contains(Action.HOLD);
    assertThat(doubtful.actionFor("administrivia")).contains(Action.HOLD);
    assertThat(doubtful.actionFor("loop")).contains(Action.REFUSE);
    assertThat(doubtful.actionFor("banned")).contains(Action.REFUSE);

    // everyone: a member's post is held by moderate-all
    Group everyone = group.withModeration(Moderation.EVERYONE, 1);
    assertThat(
            Screen.standard()
                .screen(screening(everyone, "", Optional.of(member)), Chain.of(everyone)))
        .isEqualTo(
            new Verdict.Hold(
                List.of(
                    new Check.Hit(
                        "moderate-all",
                        "news@lists.test is moderated: a moderator approves every post before it"
                            + " is sent.",
                        Optional.of(new Check.Refusal(550, "5.7.1"))))));
    // non-members in a group anyone may post to: held, with a reason for the moderator
    Group open =
        group.withPosting(Posting.ANYONE, ReplyTo.GROUP).withModeration(Moderation.NON_MEMBERS, 1);
    assertThat(Screen.standard().screen(screening(open, "", Optional.empty()), Chain.of(open)))
        .isInstanceOfSatisfying(
            Verdict.Hold.class,
            h ->
                assertThat(h.hits())
                    .extracting(Check.Hit::reason)
                    .containsExactly(
                        "ada@example.com is not a member of news@lists.test, whose moderators"
                            + " approve posts from non-members."));
    // and without the setting, posted as before, with no hit
    Group unmoderated = open.withModeration(Moderation.NONE, 1);
    assertThat(
            Screen.standard()
                .screen(screening(unmoderated, "", Optional.empty()), Chain.of(unmoderated)))
        .isEqualTo(new Verdict.Accept(List.of()));
  }

  @Test
  void aLaterRefusalWinsOverAnEarlierHold() throws Exception {
    Chain holdingAutoMail = Chain.DEFAULT.with("auto-submitted", Action.HOLD);
    // held by auto-submitted, then refused by nonmember-post: refused at the door
    assertThat(screen(holdingAutoMail, "Auto-Submitted: auto-replied\r\n", Optional.empty()))
        .isInstanceOfSatisfying(
            Verdict.Reject.class, r -> assertThat(r.rule()).isEqualTo("nonmember-post"));
    assertThat(screen(holdingAutoMail, "Auto-Submitted: auto-replied\r\n", Optional.of(member)))
        .isInstanceOf(Verdict.Hold.class);
  }

  @Test
  void recordedHitsGoWithTheAcceptedPostAndAnAcceptLinkEndsTheScreen() throws Exception {
    Chain recording =
        Chain.DEFAULT.with("auto-submitted", Action.RECORD).with("nonmember-post", Action.RECORD);
    assertThat(screen(recording, "Precedence: bulk\r\n", Optional.empty()))
        .isInstanceOfSatisfying(
            Verdict.Accept.class,
            a ->
                assertThat(a.hits())
                    .extracting(Check.Hit::rule)
                    .containsExactly("auto-submitted", "nonmember-post"));
    // accepting auto-submitted mail skips the rules after it: the non-member is not refused
    Chain accepting = Chain.DEFAULT.with("auto-submitted", Action.ACCEPT);
    assertThat(screen(accepting, "Precedence: bulk\r\n", Optional.empty()))
        .isInstanceOfSatisfying(
            Verdict.Accept.class,
            a ->
                assertThat(a.hits()).extracting(Check.Hit::rule).containsExactly("auto-submitted"));
    // a rule no link names is recorded
    Chain silent = new Chain(List.of());
    assertThat(screen(silent, "", Optional.empty()))
        .isInstanceOfSatisfying(
            Verdict.Accept.class,
            a ->
                assertThat(a.hits()).extracting(Check.Hit::rule).containsExactly("nonmember-post"));
  }

  @Test
  void anApprovedMessageIsNeitherHeldNorRefusedForWhatTheModeratorSaw() throws Exception {
    Chain holding = Chain.DEFAULT.with("nonmember-post", Action.HOLD);
    assertThat(screen(holding.approved(Set.of("nonmember-post")), "", Optional.empty()))
        .isInstanceOfSatisfying(
            Verdict.Accept.class,
            a ->
                assertThat(a.hits()).extracting(Check.Hit::rule).containsExactly("nonmember-post"));
    // a site whose chain refuses non-members (the command line's) approves the same message
    assertThat(screen(Chain.DEFAULT.approved(Set.of("nonmember-post")), "", Optional.empty()))
        .isInstanceOf(Verdict.Accept.class);
    // other links stand: what is now too large is still refused
    assertThat(
            screen(
                holding.approved(Set.of("nonmember-post")),
                "X-Pad: " + "x".repeat(2000) + "\r\n",
                Optional.empty()))
        .isInstanceOfSatisfying(
            Verdict.Reject.class, r -> assertThat(r.rule()).isEqualTo("max-size"));
  }

  @Test
  void aChainNamesEachRuleOnce() {
    assertThatThrownBy(
            () ->
                new Chain(
                    List.of(
                        new Chain.Link("loop", Action.REFUSE),
                        new Chain.Link("loop", Action.DISCARD))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A rule that always hits, as {@code allowed-sender} does for a sender the group allows. */
  static Rule always(String id) {
    return new Rule() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Check check(Screening s) {
        return Check.unanswerable(id, "always");
      }
    };
  }

  @Test
  void anAlwaysAllowedSenderSkipsTheModerationHoldsButNotTheRefusalsNorASpamScore()
      throws Exception {
    Group moderated = group.withModeration(Moderation.NON_MEMBERS, 1);
    Chain chain = Chain.of(moderated);
    assertThat(chain.released().actionFor("nonmember-post")).hasValue(Action.RECORD);
    assertThat(chain.released().actionFor("spam-score")).hasValue(Action.HOLD);
    assertThat(chain.released().actionFor("loop")).hasValue(Action.REFUSE);

    Screen standard = Screen.standard();
    List<Rule> rules = new java.util.ArrayList<>(standard.rules());
    rules.add(1, always("allowed-sender"));
    Screen allowing = new Screen(rules);
    // a non-member the moderators allow is posted, with both hits recorded
    assertThat(allowing.screen(screening(moderated, "", Optional.empty()), chain))
        .isInstanceOfSatisfying(
            Verdict.Accept.class,
            a ->
                assertThat(a.hits().stream().map(Check.Hit::rule))
                    .containsExactly("allowed-sender", "nonmember-post"));
    assertThat(standard.screen(screening(moderated, "", Optional.empty()), chain))
        .isInstanceOf(Verdict.Hold.class);
    // a spam score still holds it; a loop is still dropped
    assertThat(
            allowing.screen(screening(moderated, "X-Spam-Flag: YES\r\n", Optional.empty()), chain))
        .isInstanceOf(Verdict.Hold.class);
    assertThat(
            allowing.screen(
                screening(moderated, "List-Id: <news.lists.test>\r\n", Optional.empty()), chain))
        .isInstanceOf(Verdict.Discard.class);
    // in a group that takes posts from members only, an allowed non-member is still refused
    assertThat(allowing.screen(screening(group, "", Optional.empty()), Chain.of(group)))
        .isInstanceOf(Verdict.Reject.class);
  }
}
