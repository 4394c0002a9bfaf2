package org.parley.mailtext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mail bounce processing writes, whole, as a member or an owner reads it: the probe, the notice
 * that delivery is disabled and its reminders, the owners' weekly summary and their daily notice of
 * complaints.
 */
class BounceMailTextsTest {
  private final MailTexts texts = new MailTexts();

  @Test
  void theProbeSaysNothingNeedsDoingIfItArrives() {
    assertThat(
            texts.render(
                new BounceProbe(
                    "News",
                    "news@l.example",
                    5,
                    "https://l.example/g/news/me",
                    "news-owner@l.example")))
        .isEqualTo(
            """
            This message checks that mail from News (news@l.example) reaches you.

            Recent copies of the group's posts to this address came back undelivered (bounce \
            score 5). If you are reading this, your address works again and there is nothing you \
            need to do.

            If this message comes back undelivered too, the group stops sending you mail, and you \
            will be told how to start it again. Your settings for the group are at

            https://l.example/g/news/me

            To ask the people who run the group anything, write to news-owner@l.example.
            """);
  }

  @Test
  void theNoticeSaysWhyHowToTurnDeliveryBackOnAndWhenTheMembershipEnds() {
    assertThat(
            texts.render(
                new BounceDisabled(
                    "News",
                    "news@l.example",
                    1,
                    3,
                    "2026-12-26",
                    "https://l.example/g/news/me",
                    "news-owner@l.example")))
        .isEqualTo(
            """
            The group News (news@l.example) has stopped sending you mail: copies of its posts to \
            this address came back undelivered, and so did a test message sent to check the \
            address.

            You are still a member. To get the group's mail again, open your settings for the \
            group and turn delivery back on:

            https://l.example/g/news/me

            If delivery is not turned back on, your membership ends on 2026-12-26.

            To ask the people who run the group anything, write to news-owner@l.example.
            """);
    assertThat(
            texts.render(
                new BounceDisabled(
                    "News",
                    "news@l.example",
                    2,
                    0,
                    "",
                    "https://l.example/g/news/me",
                    "news-owner@l.example")))
        .startsWith(
            "Reminder: the group News (news@l.example) still sends you no mail, because mail to"
                + " this address came back undelivered.\n\n")
        .contains("https://l.example/g/news/me\n\nTo ask")
        .doesNotContain("membership ends");
  }

  @Test
  void theOwnersSummaryListsOneMemberALine() {
    assertThat(
            texts.render(
                new BounceSummary(
                    "News",
                    "news@l.example",
                    List.of(
                        new BounceSummary.Line(
                            "bob@example.com", "disabled", "2026-12-05", "5.1.1 User unknown"),
                        new BounceSummary.Line("eve@example.com", "removed", "2026-12-06", "")),
                    "https://l.example/g/news/members")))
        .isEqualTo(
            """
            Mail to these members of News (news@l.example) kept coming back undelivered, and so \
            did a test message to each, so the group stopped sending them mail; those still \
            bouncing after their warnings were removed.

            bob@example.com: disabled on 2026-12-05 (5.1.1 User unknown)
            eve@example.com: removed on 2026-12-06

            The members page shows each member's delivery state:

            https://l.example/g/news/members

            A member turns delivery back on from their own settings for the group. This summary \
            is sent at most once a week.
            """);
  }

  @Test
  void theComplaintsNoticeListsEachComplaint() {
    assertThat(
            texts.render(
                new ComplaintNotice(
                    "News",
                    "news@l.example",
                    List.of(
                        new ComplaintNotice.Line("bob@example.com", "abuse", "2026-12-05 09:30")),
                    "https://l.example/g/news/members")))
        .isEqualTo(
            """
            A mail provider reported a copy from News (news@l.example) as spam. The group no \
            longer sends mail to the member each report named:

            bob@example.com: abuse report received 2026-12-05 09:30 UTC

            The members page shows each member's delivery state:

            https://l.example/g/news/members

            The reports are kept for the site's operators (parley complaints). This notice is \
            sent at most once a day.
            """);
  }
}
