package org.parley.moderation.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.mime.Header;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;
import org.parley.spam.SpamResult;

/**
 * {@code spam-score}: a spam filter in front of the site (SpamAssassin, rspamd) judged the message
 * spam. The site's own filter ({@code spam_filter}), which the ingest path asked before the screen
 * ({@link Screening#filtered}), is read first: its score at or above the group's {@link
 * org.parley.group.Group#spamThreshold} hits. A filter the mail passed before it reached this site
 * is read by the fields it added:
 *
 * <ul>
 *   <li>SpamAssassin's {@code X-Spam-Status: Yes, score=7.3 required=5.0 tests=…} (older versions
 *       write {@code hits=}) and {@code X-Spam-Flag: YES};
 *   <li>rspamd's {@code X-Spamd-Result: default: True [16.50 / 15.00]; …}, where {@code True} is
 *       its verdict and the first number its score;
 *   <li>{@code X-Spam-Score: 7.3} and {@code X-Rspamd-Score: 16.5}, which Exim's and rspamd's
 *       milter configurations add.
 * </ul>
 *
 * It hits when any of them says spam (Yes, YES, True) or gives a score at or above the group's
 * {@link org.parley.group.Group#spamThreshold}; a group whose threshold is {@link
 * org.parley.group.Group#SPAM_OFF} reads none. The chain holds such a message for a moderator.
 *
 * <p>Only the fields above the message's first {@code Received} field are read: those the last hop,
 * the filter in front of this site, added on its way in (this site adds no {@code Received} of its
 * own). The fields below it were written by the hops before, such as the outgoing filter of an
 * author's provider or the list a message came through, each on a scale and with a threshold of its
 * own: a message on its way from elsewhere often carries a dozen, and reading them would hold
 * ordinary mail (it did: 61 of util-linux's archived posts carry an old hop's score of 5 or more).
 * A message with no {@code Received} at all came straight from its sender, who can only hold their
 * own post by writing the fields. They are read only in the direction that cannot help a spammer: a
 * high score or a verdict of spam holds a message, a low score or a "No" lets nothing through that
 * another rule would stop. History brought in by an import is not screened. A site whose mail
 * reaches it through hops it does not control, with no filter of its own in front, stops reading
 * the fields with the site setting {@code trust_spam_headers = false}.
 */
public final class SpamScoreRule implements Rule {
  private static final Pattern NUMBER = Pattern.compile("^\\s*([-+]?\\d+(?:\\.\\d+)?)");
  private static final Pattern SPAMASSASSIN_SCORE =
      Pattern.compile(
          "\\b(?:score|hits)\\s*=\\s*([-+]?\\d+(?:\\.\\d+)?)", Pattern.CASE_INSENSITIVE);
  private static final Pattern RSPAMD_RESULT =
      Pattern.compile(
          "^\\s*default\\s*:\\s*(true|false)\\s*\\[\\s*([-+]?\\d+(?:\\.\\d+)?)",
          Pattern.CASE_INSENSITIVE);

  private final boolean trustHeaders;

  /**
   * @param trustHeaders whether the site reads spam filters' fields at all ({@code
   *     trust_spam_headers}); when false the rule never hits
   */
  public SpamScoreRule(boolean trustHeaders) {
    this.trustHeaders = trustHeaders;
  }

  @Override
  public String id() {
    return "spam-score";
  }

  /** What the fields of one message say. */
  record Judgement(Optional<String> verdict, OptionalDouble score, String scoredBy) {}

  @Override
  public Check check(Screening s) {
    double threshold = s.group().spamThreshold();
    if (!s.group().holdsSpam() || s.imported()) {
      return Check.PASS;
    }
    if (s.filtered().isPresent() && s.filtered().get().score() >= threshold) {
      SpamResult r = s.filtered().get();
      return hit(
          "this site's spam filter scored it "
              + format(r.score())
              + ", at or above this group's spam threshold of "
              + format(threshold)
              + " ("
              + r.summary()
              + ")");
    }
    if (!trustHeaders) {
      return Check.PASS;
    }
    Judgement j = judge(s);
    if (j.verdict().isPresent()) {
      return hit(
          "a spam filter in front of this site marked it as spam (" + j.verdict().get() + ")");
    }
    if (j.score().isPresent() && j.score().getAsDouble() >= threshold) {
      return hit(
          "a spam filter in front of this site scored it "
              + format(j.score().getAsDouble())
              + " ("
              + j.scoredBy()
              + "), at or above this group's spam threshold of "
              + format(threshold));
    }
    return Check.PASS;
  }

  /** The fields named {@code name} above the first {@code Received} field, in order. */
  static List<String> lastHops(Screening s, String name) {
    List<String> out = new ArrayList<>();
    for (Header h : s.message().headers()) {
      if (h.name().equalsIgnoreCase("Received")) {
        break;
      }
      if (h.name().equalsIgnoreCase(name)) {
        out.add(h.value());
      }
    }
    return out;
  }

  /**
   * The verdict of spam any field of the last hop gives, and the highest score any gives ({@link
   * #lastHops}).
   */
  static Judgement judge(Screening s) {
    Optional<String> verdict = Optional.empty();
    double best = Double.NEGATIVE_INFINITY;
    String by = "";
    for (String v : lastHops(s, "X-Spam-Status")) {
      String first = v.strip().split("[,\\s]", 2)[0];
      if (first.equalsIgnoreCase("yes") && verdict.isEmpty()) {
        verdict = Optional.of("X-Spam-Status: Yes");
      }
      Matcher m = SPAMASSASSIN_SCORE.matcher(v);
      if (m.find() && Double.parseDouble(m.group(1)) > best) {
        best = Double.parseDouble(m.group(1));
        by = "X-Spam-Status";
      }
    }
    for (String v : lastHops(s, "X-Spam-Flag")) {
      if (v.strip().equalsIgnoreCase("yes") && verdict.isEmpty()) {
        verdict = Optional.of("X-Spam-Flag: YES");
      }
    }
    for (String v : lastHops(s, "X-Spamd-Result")) {
      Matcher m = RSPAMD_RESULT.matcher(v);
      if (!m.find()) {
        continue;
      }
      if (m.group(1).toLowerCase(Locale.ROOT).equals("true") && verdict.isEmpty()) {
        verdict = Optional.of("X-Spamd-Result: True");
      }
      if (Double.parseDouble(m.group(2)) > best) {
        best = Double.parseDouble(m.group(2));
        by = "X-Spamd-Result";
      }
    }
    for (String field : new String[] {"X-Spam-Score", "X-Rspamd-Score"}) {
      for (String v : lastHops(s, field)) {
        Matcher m = NUMBER.matcher(v);
        if (m.find() && Double.parseDouble(m.group(1)) > best) {
          best = Double.parseDouble(m.group(1));
          by = field;
        }
      }
    }
    return new Judgement(
        verdict,
        best == Double.NEGATIVE_INFINITY ? OptionalDouble.empty() : OptionalDouble.of(best),
        by);
  }

  private Check hit(String why) {
    return Check.refuse(id(), 550, "5.7.1", "The message looks like spam: " + why + ".");
  }

  private static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }
}
