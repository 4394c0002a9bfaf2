package org.parley.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.parley.bounce.Failure.Kind;
import org.parley.testkit.Corpora;
import org.parley.testkit.TestSites;

/**
 * The delivery and feedback reports in ../shared/corpora, written by real servers, read by {@link
 * BounceReader}; and every other message there read as what it is: not a bounce. Skipped when the
 * corpora are absent (a user's own clone).
 */
class BounceCorpusTest {

  /** The readings of every message in {@code folder} of the corpora, by where it is. */
  static Map<String, Reading> readings(String folder) {
    Path root = TestSites.corpora();
    assumeTrue(root != null, "corpora not found (set -Dparley.corpora); skipping");
    Path dir = root.resolve(folder);
    assumeTrue(Files.isDirectory(dir), "corpus " + dir + " is absent; skipping");
    return Corpora.all(dir).stream()
        .collect(
            Collectors.toMap(
                Corpora.Sample::where, s -> BounceReader.read(s.raw()), (a, b) -> a, TreeMap::new));
  }

  static List<Failure> failures(Reading r) {
    assertThat(r).isInstanceOf(Reading.Bounced.class);
    return ((Reading.Bounced) r).failures();
  }

  @Test
  void rubyMailsReports() {
    Map<String, Reading> read = readings("ruby-mail-fixtures/multipart_report_emails");

    // Postfix, to Gmail: five unknown addresses in one report
    assertThat(failures(read.get("multi_address_bounce1.eml")))
        .hasSize(5)
        .allSatisfy(
            f -> {
              assertThat(f.kind()).isEqualTo(Kind.HARD);
              assertThat(f.status()).isEqualTo("5.1.1");
              assertThat(f.recipient()).endsWith("@gmail.com");
            });
    // two delivery-status parts, the first of them prose: the second is read
    assertThat(failures(read.get("multipart_report_multiple_status.eml")))
        .extracting(Failure::recipient, Failure::kind, Failure::status)
        .containsExactly(tuple("u@ci.com", Kind.HARD, "5.3.0"));
    // sendmail
    assertThat(failures(read.get("report_530.eml")))
        .containsExactly(
            new Failure(
                "edwin@zzzzzzz.com",
                Kind.HARD,
                "5.3.0",
                "553 5.3.0 <edwin@zzzzzzz.com>... Unknown E-Mail Address"));
    // sendmail's warning after 8 hours: delayed, no failure
    assertThat(read.get("report_422.eml")).isInstanceOf(Reading.Other.class);
  }

  @Test
  void mimekitsReports() {
    Map<String, Reading> read = readings("mimekit-testdata/messages");

    // no Status field, and a diagnostic with a bare reply code
    assertThat(failures(read.get("delivery-status.eml")))
        .containsExactly(
            new Failure("newsletter-request@imusic.com", Kind.HARD, "", "500 (err.nosuchuser)"));
    // no Action field, only an Original-Recipient, blocks split by several empty lines
    assertThat(failures(read.get("delivery-status-multiple-blank-lines.eml")))
        .containsExactly(
            new Failure(
                "orig_recip@customer.com", Kind.HARD, "5.5.0", "550 Requested action not taken"));
    // Exim's DSN
    assertThat(failures(read.get("delivery-status2.eml")))
        .extracting(Failure::recipient, Failure::kind, Failure::status)
        .containsExactly(tuple("source@domain.com", Kind.HARD, "5.0.0"));
    // a Postfix report whose delivery-status part a filter mangled: its text is read instead
    assertThat(read.get("bounce.eml"))
        .extracting(r -> ((Reading.Bounced) r).format())
        .isEqualTo("postfix");
    assertThat(failures(read.get("bounce.eml")))
        .extracting(Failure::recipient, Failure::kind, Failure::status)
        .containsExactly(tuple("netec.test@netecgc.com", Kind.HARD, "5.1.1"));
    // RFC 5965's example, saved with a byte order mark
    Reading feedback = read.get("feedback-report.eml");
    assertThat(feedback).isInstanceOf(Reading.Feedback.class);
    FeedbackReport report = ((Reading.Feedback) feedback).report();
    assertThat(report.feedbackType()).isEqualTo("abuse");
    assertThat(report.originalMailFrom()).isEqualTo("somespammer@example.net");
    assertThat(report.originalRecipient()).isEqualTo("user@example.com");
    assertThat(report.reportedHeaders()).contains("Subject: Earn money\n");
    // a read receipt (RFC 8098) is no bounce
    assertThat(read.get("disposition-notification.eml")).isInstanceOf(Reading.Other.class);
  }

  @Test
  void pythonsReports() {
    Map<String, Reading> read = readings("python-test-email");

    // "5.0.0 (recipient reached disk quota)": a full mailbox, so soft
    assertThat(failures(read.get("msg_16.eml")))
        .extracting(Failure::recipient, Failure::kind, Failure::status)
        .containsExactly(tuple("jangel1@cougar.noc.ucla.edu", Kind.SOFT, "5.0.0"));
    // sendmail's report with its Content-Type cut short ("bo"): its parts cannot be told apart,
    // so it is read as nothing rather than guessed at
    assertThat(read.get("msg_25.eml")).isInstanceOf(Reading.Other.class);
    // a virus filter's refusal of content (5.7.1): policy, for every recipient
    assertThat(failures(read.get("msg_43.eml")))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.kind()).isEqualTo(Kind.POLICY));
    // a multipart/report with no delivery-status part
    assertThat(read.get("msg_05.eml")).isInstanceOf(Reading.Other.class);
  }

  /**
   * Of the 7,000 messages of the corpora, only the reports are read as anything but {@link
   * Reading.Other}: list posts, replies and broken mail are never bounces, complaints or automatic
   * replies.
   */
  @Test
  @Tag("slow") // the whole corpora
  void nothingButTheReportsOfTheCorporaIsReadAsABounce() {
    Path root = TestSites.corpora();
    assumeTrue(root != null, "corpora not found (set -Dparley.corpora); skipping");
    List<String> read = new ArrayList<>();
    for (Corpora.Sample s : Corpora.all(root)) {
      Reading r = BounceReader.read(s.raw());
      if (!(r instanceof Reading.Other)) {
        read.add(s.where() + " " + r.getClass().getSimpleName());
      }
    }
    assertThat(read)
        .containsExactlyInAnyOrder(
            "mimekit-testdata/mbox/content-length.mbox#27 Bounced",
            "mimekit-testdata/messages/bounce.eml Bounced",
            "mimekit-testdata/messages/delivery-status-multiple-blank-lines.eml Bounced",
            "mimekit-testdata/messages/delivery-status-no-blank-line.eml Bounced",
            "mimekit-testdata/messages/delivery-status.eml Bounced",
            "mimekit-testdata/messages/delivery-status2.eml Bounced",
            "mimekit-testdata/messages/feedback-report.eml Feedback",
            "python-test-email/msg_16.eml Bounced",
            "python-test-email/msg_43.eml Bounced",
            "ruby-mail-fixtures/multipart_report_emails/multi_address_bounce1.eml Bounced",
            "ruby-mail-fixtures/multipart_report_emails/multi_address_bounce2.eml Bounced",
            "ruby-mail-fixtures/multipart_report_emails/multipart_report_multiple_status.eml Bounced",
            "ruby-mail-fixtures/multipart_report_emails/report_530.eml Bounced");
  }
}
