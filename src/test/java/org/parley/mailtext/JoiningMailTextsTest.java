package org.parley.mailtext;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The texts of the mail about joining and leaving (issue 18, item 3), whole: what a reader of each
 * gets.
 */
class JoiningMailTextsTest {
  private final MailTexts texts = new MailTexts();

  @Test
  void aConfirmationSaysWhatItConfirmsHowAndForHowLong() {
    assertThat(
            texts.render(
                new JoinConfirmation(
                    false,
                    "News & views",
                    "news@l.example",
                    "ada@example.org",
                    "https://l.example/confirm/abc",
                    7)))
        .isEqualTo(
            """
            Someone, hopefully you, asked to leave News & views (news@l.example) with the address \
            ada@example.org.

            To confirm, reply to this message (the reply needs no words), or open this link and \
            press the button on its page:

            https://l.example/confirm/abc

            The reply and the link work for 7 days. If you did not ask for this, ignore this \
            message: nothing changes.
            """);
  }

  @Test
  void aRequestsNoticeQuotesTheReasonAndSaysHowToAnswer() {
    assertThat(
            texts.render(
                new JoinRequestNotice(
                    "Cellar",
                    "Sam <sam@example.org>",
                    "I brew.\nA lot.",
                    "https://l.example/g/cellar/requests",
                    14)))
        .isEqualTo(
            """
            Sam <sam@example.org> asks to join Cellar. Their reason:

              I brew.
              A lot.

            To let them in, reply to this message with "approve" (or an empty reply). To \
            decline, reply with "decline" and a reason on the first line, such as

              decline This group is for staff only.

            The reason is mailed to them. A reply decides for 14 days; or decide on the group's \
            requests page:

            https://l.example/g/cellar/requests
            """);
  }

  @Test
  void aDeclineGivesTheReasonWhenThereIsOne() {
    assertThat(texts.render(new JoinDeclined("Cellar", "Staff only.", "cellar-owner@l.example")))
        .isEqualTo(
            """
            The people who run Cellar declined your request to join it.

            Their reason:

              Staff only.

            To ask them about it, write to cellar-owner@l.example.
            """);
    assertThat(texts.render(new JoinDeclined("Cellar", "", "cellar-owner@l.example")))
        .isEqualTo(
            """
            The people who run Cellar declined your request to join it.

            To ask them about it, write to cellar-owner@l.example.
            """);
  }
}
