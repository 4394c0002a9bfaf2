package org.parley.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.moderation.Check;
import org.parley.moderation.Screening;
import org.parley.spam.SpamResult;

/**
 * The {@code spam-score} rule reads what a spam filter in front wrote, in each filter's own format
 * (the samples are written from SpamAssassin's and rspamd's documentation of their fields), and
 * only ever to hold: a high score or a verdict of spam hits, a low score or a "No" does not, and a
 * group whose threshold is off, or a site that does not trust the fields, reads none.
 */
class SpamScoreRuleTest {
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
              Instant.EPOCH)
          .edit()
          .spamThreshold(5)
          .build();

  Check check(Group g, boolean trust, String headers) throws Exception {
    byte[] raw =
        (headers + "From: ada@example.com\r\nSubject: x\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.UTF_8);
    return new SpamScoreRule(trust)
        .check(
            new Screening(
                new MessageParser(Limits.defaults()).parse(raw),
                "ada@example.com",
                raw.length,
                g,
                Optional.empty(),
                "news.lists.test",
                "news@lists.test",
                false));
  }

  Check check(String headers) throws Exception {
    return check(group, true, headers);
  }

  /** The rule's finding for a message the site's own filter scored {@code score}. */
  static Check filtered(Group g, boolean trust, double score, boolean imported) throws Exception {
    byte[] raw =
        "From: ada@example.com\r\nSubject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
    return new SpamScoreRule(trust)
        .check(
            new Screening(
                new MessageParser(Limits.defaults()).parse(raw),
                "ada@example.com",
                raw.length,
                g,
                Optional.empty(),
                "news.lists.test",
                "news@lists.test",
                imported,
                Optional.of(
                    new SpamResult(
                        score, 15, "add header", List.of("BAYES_SPAM", "R_SPF_FAIL"), "rspamd")),
                Optional.empty()));
  }

  @Test
  void theSitesOwnFilterHoldsAtOrAboveTheGroupsThresholdWhateverTheFieldsSay() throws Exception {
    assertThat(reason(filtered(group, true, 6.2, false)))
        .isEqualTo(
            "The message looks like spam: this site's spam filter scored it 6.2, at or above this"
                + " group's spam threshold of 5 (rspamd 6.2 / 15, add header: BAYES_SPAM,"
                + " R_SPF_FAIL).");
    assertThat(filtered(group, true, 5, false)).isInstanceOf(Check.Hit.class);
    assertThat(filtered(group, true, 4.9, false)).isEqualTo(Check.PASS);
    // trust_spam_headers is about fields written elsewhere: the site's own filter is read anyway
    assertThat(filtered(group, false, 6.2, false)).isInstanceOf(Check.Hit.class);
    // a group whose threshold is off holds nothing for a score, and history is not screened
    assertThat(filtered(group.edit().spamThreshold(Group.SPAM_OFF).build(), true, 60, false))
        .isEqualTo(Check.PASS);
    assertThat(filtered(group, true, 60, true)).isEqualTo(Check.PASS);
  }

  String reason(Check c) {
    assertThat(c).isInstanceOf(Check.Hit.class);
    return ((Check.Hit) c).reason();
  }

  @Test
  void spamAssassinsStatusHoldsAtOrAboveTheGroupsThreshold() throws Exception {
    assertThat(
            reason(
                check(
                    "X-Spam-Status: Yes, score=7.3 required=5.0 tests=BAYES_99,URIBL_BLACK\r\n"
                        + "\tautolearn=no autolearn_force=no version=4.0.0\r\n")))
        .isEqualTo(
            "The message looks like spam: a spam filter in front of this site marked it as spam"
                + " (X-Spam-Status: Yes).");
    // the filter's own verdict aside, its score counts: 5.0 against a threshold of 5
    assertThat(reason(check("X-Spam-Status: No, score=5.0 required=6.0 tests=HTML_MESSAGE\r\n")))
        .isEqualTo(
            "The message looks like spam: a spam filter in front of this site scored it 5"
                + " (X-Spam-Status), at or above this group's spam threshold of 5.");
    // older SpamAssassin versions wrote hits=
    assertThat(check("X-Spam-Status: No, hits=6.2 required=8.0\r\n")).isInstanceOf(Check.Hit.class);
    assertThat(check("X-Spam-Status: No, score=4.9 required=5.0 tests=none\r\n"))
        .isEqualTo(Check.PASS);
    assertThat(check("X-Spam-Status: No, score=-1.9 required=5.0 tests=DKIM_VALID\r\n"))
        .isEqualTo(Check.PASS);
  }

  @Test
  void aSpamFlagOfYesHoldsWhateverTheScore() throws Exception {
    assertThat(reason(check("X-Spam-Flag: YES\r\n"))).contains("(X-Spam-Flag: YES)");
    assertThat(check("X-Spam-Flag: NO\r\n")).isEqualTo(Check.PASS);
  }

  @Test
  void rspamdsResultGivesItsVerdictAndScore() throws Exception {
    assertThat(
            reason(
                check(
                    "X-Spamd-Result: default: True [16.50 / 15.00];\r\n"
                        + "\tBAYES_SPAM(5.10)[99.99%]; R_SPF_FAIL(1.00)[-all]\r\n")))
        .contains("(X-Spamd-Result: True)");
    assertThat(
            reason(check("X-Spamd-Result: default: False [6.20 / 15.00]; R_DKIM_NA(0.00)[]\r\n")))
        .contains("scored it 6.2 (X-Spamd-Result)");
    assertThat(check("X-Spamd-Result: default: False [-0.10 / 15.00]; MIME_GOOD(-0.10)\r\n"))
        .isEqualTo(Check.PASS);
  }

  @Test
  void aBareScoreFieldCounts() throws Exception {
    assertThat(reason(check("X-Spam-Score: 12.5\r\n"))).contains("scored it 12.5 (X-Spam-Score)");
    assertThat(reason(check("X-Rspamd-Score: 7\r\n"))).contains("(X-Rspamd-Score)");
    assertThat(check("X-Spam-Score: 1.2\r\n")).isEqualTo(Check.PASS);
    // Exim's bar of pluses is not a number: nothing is read from it
    assertThat(check("X-Spam-Score: +++++\r\n")).isEqualTo(Check.PASS);
  }

  @Test
  void aGtubeLikeMessageScoredAThousandIsHeld() throws Exception {
    assertThat(
            reason(
                check("X-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE,NO_RECEIVED\r\n")))
        .contains("X-Spam-Status: Yes");
  }

  @Test
  void aLowScoreOrANoNeverOutweighsAHighOne() throws Exception {
    // a spammer's own "No" below the filter's "Yes": the highest word counts
    assertThat(
            check(
                "X-Spam-Status: Yes, score=9.1 required=5.0 tests=BAYES_99\r\n"
                    + "X-Spam-Status: No, score=-100.0 required=5.0\r\n"))
        .isInstanceOf(Check.Hit.class);
    assertThat(check("X-Spam-Score: -50\r\nX-Rspamd-Score: 8.0\r\n")).isInstanceOf(Check.Hit.class);
  }

  @Test
  void onlyTheLastHopsFieldsCountNotThoseAnEarlierHopWrote() throws Exception {
    String earlier =
        "Received: from mx.provider.example by filter.lists.test; Sat, 5 Dec 2026 10:00:01 +0000\r\n"
            + "X-Spamd-Result: default: False [7.20 / 15.00]; BAYES_HAM(-3.00)\r\n"
            + "X-Spam-Status: Yes, score=12.0 required=3.0\r\n"
            + "Received: from laptop by mx.provider.example; Sat, 5 Dec 2026 10:00:00 +0000\r\n";
    // the author's provider judged it on its own scale; the filter in front of this site did not
    assertThat(check(earlier)).isEqualTo(Check.PASS);
    // the filter in front wrote its verdict above its hop's Received field: that one counts
    assertThat(check("X-Spam-Status: Yes, score=8.0 required=5.0\r\n" + earlier))
        .isInstanceOf(Check.Hit.class);
    assertThat(check("X-Spam-Status: No, score=0.3 required=5.0\r\n" + earlier))
        .isEqualTo(Check.PASS);
  }

  @Test
  void historyBroughtInByAnImportIsNotScreened() throws Exception {
    byte[] raw =
        "X-Spam-Flag: YES\r\nFrom: ada@example.com\r\nSubject: x\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            new SpamScoreRule(true)
                .check(
                    new Screening(
                        new MessageParser(Limits.defaults()).parse(raw),
                        "ada@example.com",
                        raw.length,
                        group,
                        Optional.empty(),
                        "news.lists.test",
                        "news@lists.test",
                        true)))
        .isEqualTo(Check.PASS);
  }

  @Test
  void nothingIsReadWhenTheGroupsThresholdIsOffOrTheSiteDoesNotTrustTheFields() throws Exception {
    String spam = "X-Spam-Flag: YES\r\nX-Spam-Status: Yes, score=1000.0 required=5.0\r\n";
    assertThat(check(group.edit().spamThreshold(Group.SPAM_OFF).build(), true, spam))
        .isEqualTo(Check.PASS);
    assertThat(check(group, false, spam)).isEqualTo(Check.PASS);
    assertThat(check("")).isEqualTo(Check.PASS);
  }
}
