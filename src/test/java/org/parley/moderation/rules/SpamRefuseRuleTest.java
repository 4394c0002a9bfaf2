package org.parley.moderation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.parley.spam.SpamPolicy;
import org.parley.spam.SpamResult;

/**
 * The {@code spam-refuse} rule refuses, 550 5.7.1 with the score, what the site's own spam filter
 * scored at or above the site's {@code spam_refuse_score}, or what rspamd itself would reject; it
 * reads nothing a message says of itself, and nothing of an import.
 */
class SpamRefuseRuleTest {
  static final Group GROUP =
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

  static final SpamPolicy POLICY =
      new SpamPolicy(
          Optional.of("rspamd:http://127.0.0.1:11333"),
          Duration.ofSeconds(5),
          SpamPolicy.OnFailure.DEFER,
          15);

  static Check check(SpamPolicy policy, String headers, Optional<SpamResult> filtered)
      throws Exception {
    byte[] raw =
        (headers + "From: ada@example.com\r\nSubject: x\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.UTF_8);
    return new SpamRefuseRule(policy)
        .check(
            new Screening(
                new MessageParser(Limits.defaults()).parse(raw),
                "ada@example.com",
                raw.length,
                GROUP,
                Optional.empty(),
                "news.lists.test",
                "news@lists.test",
                false,
                filtered,
                Optional.empty()));
  }

  static Optional<SpamResult> scored(double score, String action, String... symbols) {
    return Optional.of(new SpamResult(score, 15, action, List.of(symbols), "rspamd"));
  }

  @Test
  void aScoreAtOrAboveTheSitesLimitIsRefusedWithItsScore() throws Exception {
    assertThat(check(POLICY, "", scored(16.5, "add header", "BAYES_SPAM", "R_SPF_FAIL")))
        .isEqualTo(
            Check.refuse(
                "spam-refuse",
                550,
                "5.7.1",
                "The message looks like spam: this site's spam filter (rspamd) scored it 16.5, at"
                    + " or above the site's limit of 15 (BAYES_SPAM, R_SPF_FAIL)."));
    assertThat(check(POLICY, "", scored(15, "add header"))).isInstanceOf(Check.Hit.class);
    assertThat(check(POLICY, "", scored(14.9, "add header"))).isEqualTo(Check.PASS);
  }

  @Test
  void whatRspamdItselfWouldRejectIsRefusedWhateverItsScore() throws Exception {
    assertThat(((Check.Hit) check(POLICY, "", scored(0, "reject", "GTUBE"))).reason())
        .isEqualTo(
            "The message looks like spam: this site's spam filter (rspamd) would refuse it, with"
                + " a score of 0 (GTUBE).");
  }

  @Test
  void nothingIsRefusedWithoutTheFiltersOwnFindingOrWhenTheSiteRefusesNothing() throws Exception {
    // fields a message carries can hold it (spam-score), never refuse it
    assertThat(
            check(
                POLICY,
                "X-Spamd-Result: default: True [99.00 / 15.00]; GTUBE(0.00)\r\n",
                Optional.empty()))
        .isEqualTo(Check.PASS);
    SpamPolicy never =
        new SpamPolicy(
            POLICY.filter(), POLICY.timeout(), POLICY.onFailure(), SpamPolicy.NEVER_REFUSE);
    assertThat(check(never, "", scored(1000, "reject", "GTUBE"))).isEqualTo(Check.PASS);
  }
}
