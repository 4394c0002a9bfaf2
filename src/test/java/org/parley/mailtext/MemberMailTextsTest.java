package org.parley.mailtext;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The welcome and the invitation, whole, as a new member or an invited person reads them: the
 * optional parts (a note, the group's welcome text, its description) each a paragraph of their own
 * when given, and leaving no blank lines behind when not.
 */
class MemberMailTextsTest {
  private final MailTexts texts = new MailTexts();

  @Test
  void aWelcomeToSomeoneAddedQuotesTheNoteAndTheGroupsWelcome() {
    assertThat(
            texts.render(
                new Welcome(
                    true,
                    "News & Views",
                    "news@l.example",
                    "https://l.example/g/news/",
                    "Say hello in your first post.",
                    "From the meetup.\nSee you there.",
                    "https://l.example/u/abc",
                    "news-owner@l.example")))
        .isEqualTo(
            """
            You are now a member of News & Views (news@l.example): one of the people who run the \
            group added you.

            They wrote:

              From the meetup.
              See you there.

            Say hello in your first post.

            To post, write to news@l.example. The group's conversations are at

            https://l.example/g/news/

            You get each post by mail. To leave the group, open this link:

            https://l.example/u/abc

            To ask the people who run the group anything, write to news-owner@l.example.
            """);
  }

  @Test
  void aWelcomeByInvitationWithoutNoteOrWelcomeTextHasNoEmptyParagraphs() {
    assertThat(
            texts.render(
                new Welcome(
                    false,
                    "News",
                    "news@l.example",
                    "https://l.example/g/news/",
                    "",
                    null,
                    "https://l.example/u/abc",
                    "news-owner@l.example")))
        .startsWith(
            """
            You are now a member of News (news@l.example).

            To post, write to news@l.example.\
            """);
  }

  @Test
  void anInvitationNamesWhoInvitesTheGroupAndTheLinksLife() {
    assertThat(
            texts.render(
                new Invitation(
                    "News",
                    "news@l.example",
                    "What happens in town.",
                    "Ada Lovelace",
                    "Come along!",
                    "https://l.example/g/news/invite/0123",
                    14)))
        .isEqualTo(
            """
            Ada Lovelace invites you to join News (news@l.example).

            What happens in town.

            They wrote:

              Come along!

            To join, open this link within 14 days and press Join:

            https://l.example/g/news/invite/0123

            The link works once. If you do not want to join, ignore this message; nothing happens.
            """);
    assertThat(
            texts.render(
                new Invitation("News", "news@l.example", "", "Ada", "", "https://x/i/1", 14)))
        .startsWith(
            """
            Ada invites you to join News (news@l.example).

            To join, open this link within 14 days and press Join:
            """);
  }
}
