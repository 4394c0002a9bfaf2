package org.parley.moderation.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.parley.account.EmailAddress;
import org.parley.moderation.Check;
import org.parley.moderation.PostHistory;
import org.parley.moderation.PostingRate;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code sender-rate}: a brake on storms (RELIABILITY E2). Two naive auto-responders that set no
 * Auto-Submitted header can answer each other through a group for ever, and a broken script can
 * post in a loop; so a sender who has already made {@link PostingRate#perMinute()} posts to the
 * group in the last minute, or {@link PostingRate#perHour()} in the last hour, is a hit whose
 * refusal ({@code 550 5.7.1}) says when to send again; the site's chain refuses it. Posts are
 * counted from the archive by their From address (see {@link Screening#author()}), at the time of
 * the site's clock; imported mail passes and is not counted.
 */
public final class SenderRateRule implements Rule {
  private final PostHistory history;
  private final Clock clock;
  private final PostingRate rate;

  public SenderRateRule(PostHistory history, Clock clock, PostingRate rate) {
    this.history = history;
    this.clock = clock;
    this.rate = rate;
  }

  @Override
  public String id() {
    return "sender-rate";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported() || (rate.perHour() == 0 && rate.perMinute() == 0)) {
      return Check.PASS;
    }
    Optional<EmailAddress> author = s.author();
    if (author.isEmpty()) {
      return Check.PASS;
    }
    Instant now = clock.instant();
    PostHistory.Counts counts =
        history.countFrom(
            s.group().id(),
            author.get().value(),
            now.minus(Duration.ofHours(1)),
            now.minus(Duration.ofMinutes(1)));
    if (rate.perMinute() > 0 && counts.sinceMinute() >= rate.perMinute()) {
      return refuse(s, author.get(), counts.sinceMinute(), "minute", "in a minute");
    }
    if (rate.perHour() > 0 && counts.sinceHour() >= rate.perHour()) {
      return refuse(s, author.get(), counts.sinceHour(), "hour", "later");
    }
    return Check.PASS;
  }

  private Check refuse(Screening s, EmailAddress author, int count, String span, String when) {
    return Check.refuse(
        id(),
        550,
        "5.7.1",
        author.value()
            + " has sent "
            + count
            + " posts to "
            + s.groupAddress()
            + " in the last "
            + span
            + ", the most this group takes from one sender (a brake on automatic replies"
            + " that answer each other for ever), so this one was not sent to its members."
            + " Please send it again "
            + when
            + ".");
  }
}
