package org.parley.mailtext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each mail template's text, whole: what a reader of the mail gets. Plain text is written as it is
 * (nothing is escaped as for HTML), and control lines leave no blank lines behind.
 */
class MailTextsTest {
  private final MailTexts texts = new MailTexts();

  @Test
  void theSignUpLinkSaysWhereToGoAndForHowLong() {
    assertThat(
            texts.render(
                new SignUpLink(
                    "https://lists.example.org", "https://lists.example.org/signup/finish?t=a&b")))
        .isEqualTo(
            """
            To finish signing up at https://lists.example.org, open this link within a day:

            https://lists.example.org/signup/finish?t=a&b

            If you did not ask for this, ignore this message.
            """);
  }

  @Test
  void thePasswordLinkSaysTheAddressHasAnAccountAlready() {
    assertThat(texts.render(new PasswordLink("https://l.example", "https://l.example/s?token=x")))
        .isEqualTo(
            """
            Someone (hopefully you) asked to sign up at https://l.example with this address, \
            which already has an account.

            To choose a new password, open:

            https://l.example/s?token=x

            If it was not you, ignore this message; nothing changes.
            """);
  }

  @Test
  void aPrivateReplyEndsWithASignatureNamingThePost() {
    assertThat(
            texts.render(
                new PrivateReply(
                    "Thanks, <Ada> & all.\nSee you.", "https://l.example/g/news/t/1/")))
        .isEqualTo(
            "Thanks, <Ada> & all.\nSee you.\n\n-- \nSent privately from"
                + " https://l.example/g/news/t/1/\n");
  }

  @Test
  void aForwardFramesThePostAsMailProgramsShowAForwardedMessage() {
    assertThat(
            texts.render(
                new ForwardedPost(
                    "Have a look, Bob.",
                    "Ada Lovelace <ada@example.com>",
                    "Sun, Nov 30, 2025 at 11:00 AM UTC",
                    "Engines & looms",
                    "news@lists.example.org",
                    "The engine weaves algebra.",
                    "https://l.example/g/news/t/1/#p1")))
        .isEqualTo(
            """
            Have a look, Bob.

            ---------- Forwarded message ---------
            From: Ada Lovelace <ada@example.com>
            Date: Sun, Nov 30, 2025 at 11:00 AM UTC
            Subject: Engines & looms
            To: news@lists.example.org

            The engine weaves algebra.

            https://l.example/g/news/t/1/#p1
            """);
  }

  @Test
  void aForwardOfAPostWithoutTextKeepsItsFrame() {
    assertThat(
            texts.render(
                new ForwardedPost(null, "Ada", "today", null, "news@l.example", null, "link")))
        .isEqualTo(
            """


            ---------- Forwarded message ---------
            From: Ada
            Date: today
            Subject:\s
            To: news@l.example



            link
            """);
  }

  @Test
  void aRejectionQuotesTheSubjectAndTheModeratorsReasonLineByLine() {
    assertThat(
            texts.render(
                new Rejection(
                    "News",
                    "news@lists.example.org",
                    "Buy now",
                    "Adverts are not welcome here.\nWrite to us first.\n",
                    "news-owner@lists.example.org")))
        .isEqualTo(
            """
            A moderator of News (news@lists.example.org) did not approve your message

              Buy now

            so it was not sent to the group's members, nor kept in its archive. The moderator's \
            reason:

              Adverts are not welcome here.
              Write to us first.

            To ask the people who run the group about it, write to news-owner@lists.example.org.
            """);
  }

  @Test
  void aRefusalNoticeOfOneCopyQuotesTheRelaysReply() {
    assertThat(
            texts.render(
                new RefusalReport(
                    "news@lists.example.org",
                    "Minutes",
                    "<m1@example.com>",
                    1,
                    List.of(new RefusalReport.Reply("550 5.1.1 (a member): no such user", 1)))))
        .isEqualTo(
            """
            The mail server that carries news@lists.example.org's copies refused 1 member's copy \
            of the post

              Minutes
              <m1@example.com>

            for good: those members did not get it. It is in the group's archive.

            The mail server's reply:

              550 5.1.1 (a member): no such user

            This notice goes to the post's author and to the people who run the group; it is \
            sent once per post.
            """);
  }

  @Test
  void aRefusalNoticeCountsRepliesListsFiveAndExplainsA552() {
    List<RefusalReport.Reply> replies =
        List.of(
            new RefusalReport.Reply("550 no such user", 4),
            new RefusalReport.Reply("554 rejected", 2),
            new RefusalReport.Reply("553 bad address", 1),
            new RefusalReport.Reply("551 moved", 1),
            new RefusalReport.Reply("550 5.7.1 spam", 1),
            new RefusalReport.Reply("552 5.3.4 Message too big", 1));
    assertThat(texts.render(new RefusalReport("news@l.example", "Big", "<b@x>", 10, replies)))
        .isEqualTo(
            """
            The mail server that carries news@l.example's copies refused 10 members' copy of \
            the post

              Big
              <b@x>

            for good: those members did not get it. It is in the group's archive.

            The mail server's reply:

              550 no such user  (4 copies)
              554 rejected  (2 copies)
              553 bad address
              551 moved
              550 5.7.1 spam

            A 552 reply means the copy was too large for that server. Send large files as a \
            link rather than an attachment.

            This notice goes to the post's author and to the people who run the group; it is \
            sent once per post.
            """);
  }

  @Test
  void theModeratorsNoticeListsEachWaitingMessageWithItsReasonsAndReplyAddress() {
    assertThat(
            texts.render(
                new ModeratorNotice(
                    "News",
                    "news@l.example",
                    "https://l.example/g/news/pending",
                    List.of(
                        new ModeratorNotice.Waiting(
                            "zed@example.net",
                            "Cheap watches",
                            List.of("zed@example.net is not a member."),
                            "news-confirm+aa@l.example",
                            false),
                        new ModeratorNotice.Waiting(
                            "yan@example.org",
                            "Spam",
                            List.of("a spam filter marked it.", "yan is not a member."),
                            "news-confirm+bb@l.example",
                            true)),
                    14)))
        .isEqualTo(
            """
            2 messages wait for the moderators of News (news@l.example). Nothing of it is sent \
            to the members or kept in the archive until a moderator approves it.

            See and decide on the web: https://l.example/g/news/pending

            Or decide by mail: reply to the address under a message with one of these as the \
            first line of your reply:

              approve
              reject <your reason, mailed to its sender>
              discard

            Cheap watches
              from zed@example.net
              held: zed@example.net is not a member.
              reply to: news-confirm+aa@l.example

            New: Spam
              from yan@example.org
              held: a spam filter marked it.
              held: yan is not a member.
              reply to: news-confirm+bb@l.example

            A message nobody decides on is dropped after 14 days, and its sender is not told. \
            The moderators are mailed at most once an hour about new messages; each address \
            above works once, and only from the address this notice was sent to.
            """);
  }

  @Test
  void theHeldReceiptSaysTheMessageWaitsAndForHowLong() {
    assertThat(
            texts.render(
                new HeldReceipt("News", "news@l.example", "Hello", 14, "news-owner@l.example")))
        .isEqualTo(
            """
            Your message to News (news@l.example)

              Hello

            arrived, and waits for one of the group's moderators to approve it before it goes to \
            the members. You need not send it again. If nobody approves it within 14 days it is \
            dropped.

            To ask the people who run the group about it, write to news-owner@l.example.

            You get this notice at most once a day for this group.
            """);
  }
}
