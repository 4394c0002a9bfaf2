package org.parley.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the site reads from its filter's answers, and how the {@code spam_filter} setting names a
 * filter. The answers are as Debian's rspamd 3.4 and SpamAssassin 4.0 gave them for GTUBE and for
 * an ordinary message ({@code RspamdIT} and {@code SpamdIT} ask the real daemons).
 */
class SpamFiltersTest {
  static final String RSPAMD_GTUBE =
      "{\"is_skipped\":true,\"score\":15.0,\"required_score\":15.0,\"action\":\"reject\","
          + "\"symbols\":{\"GTUBE\":{\"name\":\"GTUBE\",\"score\":0.0,\"metric_score\":0.0}},"
          + "\"messages\":{\"smtp_message\":\"Gtube pattern\"},\"message-id\":\"a1@example.org\","
          + "\"time_real\":0.140545}";

  static final String RSPAMD_ORDINARY =
      "{\"is_skipped\":false,\"score\":-0.100000,\"required_score\":15.0,\"action\":\"no"
          + " action\",\"symbols\":{\"MIME_TRACE\":{\"name\":\"MIME_TRACE\",\"score\":0.0},"
          + "\"FROM_NO_DN\":{\"name\":\"FROM_NO_DN\",\"score\":0.0},"
          + "\"MIME_GOOD\":{\"name\":\"MIME_GOOD\",\"score\":-0.100000},"
          + "\"R_SUSPICIOUS_URL\":{\"name\":\"R_SUSPICIOUS_URL\",\"score\":5.5}},"
          + "\"messages\":{},\"message-id\":\"a2@example.org\"}";

  @Test
  void rspamdsAnswerGivesItsScoreThresholdActionAndSymbols() throws Exception {
    SpamResult gtube = RspamdClient.parse(RSPAMD_GTUBE);
    assertThat(gtube).isEqualTo(new SpamResult(15, 15, "reject", List.of("GTUBE"), "rspamd"));
    assertThat(gtube.rejects()).isTrue();
    assertThat(gtube.summary()).isEqualTo("rspamd 15 / 15, reject: GTUBE");

    SpamResult ordinary = RspamdClient.parse(RSPAMD_ORDINARY);
    assertThat(ordinary.score()).isEqualTo(-0.1);
    assertThat(ordinary.rejects()).isFalse();
    // the symbols that weighed most come first
    assertThat(ordinary.symbols())
        .containsExactly("R_SUSPICIOUS_URL", "MIME_TRACE", "FROM_NO_DN", "MIME_GOOD");
    assertThat(ordinary.recorded())
        .isEqualTo(
            new SpamScore(
                -0.1,
                "rspamd -0.1 / 15, no action: R_SUSPICIOUS_URL, MIME_TRACE, FROM_NO_DN,"
                    + " MIME_GOOD"));
  }

  @Test
  void anAnswerThatIsNoVerdictIsAFailureNotAPass() {
    assertThatThrownBy(() -> RspamdClient.parse("<html>502 Bad Gateway</html>"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> RspamdClient.parse("{\"error\":\"Unknown command\"}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no score and action");
  }

  @Test
  void spamdsAnswerGivesItsVerdictScoreThresholdAndTests() throws Exception {
    SpamResult gtube =
        SpamdClient.parse(
            ("SPAMD/1.1 0 EX_OK\r\nContent-length: 55\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n"
                    + "GTUBE,MSGID_SHORT,NO_RECEIVED,NO_RELAYS,TVD_SPACE_RATIO")
                .getBytes(StandardCharsets.US_ASCII));
    assertThat(gtube)
        .isEqualTo(
            new SpamResult(
                1000,
                5,
                "spam",
                List.of("GTUBE", "MSGID_SHORT", "NO_RECEIVED", "NO_RELAYS", "TVD_SPACE_RATIO"),
                "spamd"));
    SpamResult ordinary =
        SpamdClient.parse(
            ("SPAMD/1.1 0 EX_OK\r\nContent-length: 33\r\nSpam: False ; -0.0 / 5.0\r\n\r\n"
                    + "MSGID_SHORT,NO_RECEIVED,NO_RELAYS")
                .getBytes(StandardCharsets.US_ASCII));
    assertThat(ordinary.action()).isEqualTo("no action");
    assertThat(ordinary.summary())
        .isEqualTo("spamd 0 / 5, no action: MSGID_SHORT, NO_RECEIVED, NO_RELAYS");
  }

  @Test
  void spamdsErrorsAndHalfAnswersAreFailures() {
    assertThatThrownBy(
            () ->
                SpamdClient.parse(
                    "SPAMD/1.0 76 Bad header line: (EOF)\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("76 Bad header line");
    assertThatThrownBy(() -> SpamdClient.parse(new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("without an answer");
    assertThatThrownBy(
            () ->
                SpamdClient.parse(
                    "SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no Spam field");
  }

  @Test
  void theSettingNamesRspamdByItsUrlAndSpamdByItsAddress() {
    assertThat(SpamPolicy.parseFilter("rspamd:http://127.0.0.1:11333", Duration.ofSeconds(1)))
        .isInstanceOf(RspamdClient.class)
        .extracting(SpamFilter::name)
        .isEqualTo("rspamd:http://127.0.0.1:11333");
    assertThat(SpamPolicy.parseFilter("spamd:127.0.0.1:783", Duration.ofSeconds(1)).name())
        .isEqualTo("spamd:127.0.0.1:783");
    assertThat(SpamPolicy.parseFilter("spamd:filter.internal", Duration.ofSeconds(1)).name())
        .isEqualTo("spamd:filter.internal:783");
    assertThat(SpamPolicy.parseFilter("spamd:[::1]:7830", Duration.ofSeconds(1)).name())
        .isEqualTo("spamd:::1:7830");
    assertThatThrownBy(() -> SpamPolicy.parseFilter("rspamd:127.0.0.1:11333"))
        .hasMessageContaining("rspamd:http://127.0.0.1:11333");
    assertThatThrownBy(() -> SpamPolicy.parseFilter("spamd:127.0.0.1:http"))
        .hasMessageContaining("spamd:127.0.0.1:783");
    assertThatThrownBy(() -> SpamPolicy.parseFilter("clamav:127.0.0.1:3310"))
        .hasMessageContaining("names no filter Parley can ask");
  }

  @Test
  void aMessageIsRefusedAtTheRefuseScoreOrWhenRspamdItselfWouldRejectIt() {
    SpamPolicy policy =
        new SpamPolicy(
            Optional.of("rspamd:http://127.0.0.1:11333"),
            Duration.ofSeconds(5),
            SpamPolicy.OnFailure.DEFER,
            15);
    assertThat(policy.refuses(result(15, "add header"))).isTrue();
    assertThat(policy.refuses(result(14.9, "add header"))).isFalse();
    assertThat(policy.refuses(result(0, "reject"))).isTrue();
    SpamPolicy never =
        new SpamPolicy(
            Optional.empty(),
            Duration.ofSeconds(5),
            SpamPolicy.OnFailure.DEFER,
            SpamPolicy.NEVER_REFUSE);
    assertThat(never.refuses(result(1000, "reject"))).isFalse();
  }

  static SpamResult result(double score, String action) {
    return new SpamResult(score, 15, action, List.of(), "rspamd");
  }
}
