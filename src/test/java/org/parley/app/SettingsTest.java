package org.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  @Test
  void anEmptyDataDirectoryRunsOnDefaults() {
    Settings s = Settings.load(dir, Map.of());
    assertThat(s.domain()).isEqualTo("localhost");
    assertThat(s.smtpPort()).isEqualTo(2525);
    assertThat(s.webPort()).isEqualTo(8080);
    assertThat(s.relay()).isEmpty();
    assertThat(s.db()).isEmpty();
    // Postfix's message_size_limit, less room for what a copy adds to a post (issue 16, item 15)
    assertThat(s.relayMaxMessageBytes()).isEqualTo(10_240_000);
    assertThat(s.maxMessageBytes()).isEqualTo(10_240_000 - Settings.COPY_HEADROOM);
    assertThat(s.baseUrl()).isEqualTo("http://localhost:8080");
    assertThat(s.searchCommitInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.lmtpPort()).isEmpty();
    assertThat(s.lmtpHost()).isEqualTo("127.0.0.1");
    // room for one and a half messages of the largest size, as Postfix keeps
    assertThat(s.minFreeBytes()).isEqualTo((10_240_000 - Settings.COPY_HEADROOM) / 2 * 3);
    assertThat(Settings.load(dir, Map.of("PARLEY_MAX_MESSAGE_BYTES", "1000000")).minFreeBytes())
        .isEqualTo(1_500_000);
    assertThat(s.maxConnectionsPerAddress()).isEqualTo(50);
    assertThat(s.stopGrace()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theDoorsLimitLeavesRoomForWhatACopyAddsWithinTheRelaysLimit() {
    Settings gmail = Settings.load(dir, Map.of("PARLEY_RELAY_MAX_MESSAGE_BYTES", "26214400"));
    assertThat(gmail.maxMessageBytes()).isEqualTo(26_214_400 - Settings.COPY_HEADROOM);
    assertThat(Settings.load(dir, Map.of("PARLEY_MAX_MESSAGE_BYTES", "5000000")).maxMessageBytes())
        .isEqualTo(5_000_000);
    // a door wider than the relay's limit would archive posts whose every copy is refused
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_MAX_MESSAGE_BYTES", "10240000")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("max_message_bytes: 10240000 is more than")
        .hasMessageContaining("relay_max_message_bytes is 10240000");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_RELAY_MAX_MESSAGE_BYTES", "1000")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("relay_max_message_bytes:");
  }

  @Test
  void removedPostsAreDeletedUnlessTheSiteKeepsThem() throws Exception {
    assertThat(Settings.load(dir, Map.of()).keepRemovedRaw()).isFalse();
    Files.writeString(dir.resolve("parley.conf"), "keep_removed_raw = true\n");
    assertThat(Settings.load(dir, Map.of()).keepRemovedRaw()).isTrue();
    assertThat(Settings.load(dir, Map.of("PARLEY_KEEP_REMOVED_RAW", "no")).keepRemovedRaw())
        .isFalse();
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_KEEP_REMOVED_RAW", "maybe")))
        .isInstanceOf(SettingsException.class)
        .hasMessage("keep_removed_raw: 'maybe' is not true or false");
  }

  @Test
  void anLmtpListenerIsOnlyThereWhenItsPortIsSet() throws Exception {
    assertThat(Settings.load(dir, Map.of("PARLEY_LMTP_PORT", "")).lmtpPort()).isEmpty();
    Files.writeString(dir.resolve("parley.conf"), "lmtp_port = 2526\nlmtp_host = ::1\n");
    Settings s = Settings.load(dir, Map.of());
    assertThat(s.lmtpPort()).hasValue(2526);
    assertThat(s.lmtpHost()).isEqualTo("::1");
    assertThat(Settings.load(dir, Map.of("PARLEY_LMTP_PORT", "0")).lmtpPort()).hasValue(0);
  }

  @Test
  void theEnvironmentWinsOverParleyConf() throws Exception {
    Files.writeString(dir.resolve("parley.conf"), "domain = conf.example\nsmtp_port = 2626\n");
    Settings s =
        Settings.load(
            dir, Map.of("PARLEY_DOMAIN", "env.example", "PARLEY_RELAY", "smtp://relay.example:25"));
    assertThat(s.domain()).isEqualTo("env.example");
    assertThat(s.smtpPort()).isEqualTo(2626);
    assertThat(s.relay()).hasValueSatisfying(u -> assertThat(u.port()).isEqualTo(25));
  }

  @Test
  void e2TheStormBrakeHasDefaultsAndItsValuesAreChecked() {
    assertThat(Settings.load(dir, Map.of()).postingRate())
        .isEqualTo(new org.parley.moderation.PostingRate(30, 5));
    assertThat(Settings.load(dir, Map.of("PARLEY_SENDER_POSTS_PER_MINUTE", "0")).postingRate())
        .isEqualTo(new org.parley.moderation.PostingRate(30, 0));
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_SENDER_POSTS_PER_HOUR", "-3")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("sender_posts_per_hour:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_SENDER_POSTS_PER_MINUTE", "many")))
        .hasMessageStartingWith("sender_posts_per_minute:");
  }

  @Test
  void theBouncePolicyHasMailmansDefaultsAndItsValuesAreChecked() {
    assertThat(Settings.load(dir, Map.of()).bounces())
        .isEqualTo(org.parley.bounce.BouncePolicy.DEFAULTS)
        .isEqualTo(
            new org.parley.bounce.BouncePolicy(
                5, Duration.ofDays(7), Duration.ofDays(3), 3, Duration.ofDays(7)));
    org.parley.bounce.BouncePolicy set =
        Settings.load(
                dir,
                Map.of(
                    "PARLEY_BOUNCE_SCORE_THRESHOLD", "3",
                    "PARLEY_BOUNCE_INFO_STALE_AFTER_DAYS", "14",
                    "PARLEY_BOUNCE_DISABLED_WARNINGS", "0"))
            .bounces();
    assertThat(set.threshold()).isEqualTo(3);
    assertThat(set.staleAfter()).isEqualTo(Duration.ofDays(14));
    assertThat(set.warnings()).isZero();
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_BOUNCE_SCORE_THRESHOLD", "0")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("bounce_score_threshold:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_BOUNCE_PROBE_WAIT_DAYS", "soon")))
        .hasMessageStartingWith("bounce_probe_wait_days:");
    assertThatThrownBy(
            () -> Settings.load(dir, Map.of("PARLEY_BOUNCE_DISABLED_WARNINGS_INTERVAL_DAYS", "0")))
        .hasMessageStartingWith("bounce_disabled_warnings_interval_days:");
  }

  @Test
  void aBadValueFailsWithAMessageNamingItsKey() {
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_SMTP_PORT", "twenty")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("smtp_port:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_RELAY", "mail.example.org")))
        .hasMessageStartingWith("relay:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_DB", "mysql://x")))
        .hasMessageStartingWith("db:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_DOMAIN", "not a domain")))
        .hasMessageStartingWith("domain:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_WEB_PORT", "70000")))
        .hasMessageStartingWith("web_port:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_SEARCH_COMMIT_MS", "0")))
        .hasMessageStartingWith("search_commit_ms:");
    assertThat(Settings.load(dir, Map.of("PARLEY_SEARCH_COMMIT_MS", "50")).searchCommitInterval())
        .isEqualTo(Duration.ofMillis(50));
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_STOP_GRACE_SECONDS", "-1")))
        .hasMessageStartingWith("stop_grace_seconds:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_LMTP_PORT", "lmtp")))
        .hasMessageStartingWith("lmtp_port:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_LMTP_PORT", "65536")))
        .hasMessageStartingWith("lmtp_port:");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_LMTP_PORT", "2525")))
        .hasMessageStartingWith("lmtp_port:")
        .hasMessageContaining("smtp_port");
    assertThatThrownBy(
            () -> Settings.load(dir, Map.of("PARLEY_LMTP_PORT", "2526", "PARLEY_LMTP_HOST", "")))
        .hasMessageStartingWith("lmtp_host:");
  }

  @Test
  void aSpamFilterIsNamedByItsKindAndAddressAndItsOtherKeysAreChecked() throws Exception {
    assertThat(Settings.load(dir, Map.of()).spam().filter()).isEmpty();
    org.parley.spam.SpamPolicy spam =
        Settings.load(
                dir,
                Map.of(
                    "PARLEY_SPAM_FILTER", "rspamd:http://127.0.0.1:11333",
                    "PARLEY_SPAM_FILTER_TIMEOUT_MS", "2500",
                    "PARLEY_SPAM_FILTER_ON_FAILURE", "accept",
                    "PARLEY_SPAM_REFUSE_SCORE", "12.5"))
            .spam();
    assertThat(spam.filter()).contains("rspamd:http://127.0.0.1:11333");
    assertThat(spam.timeout()).isEqualTo(java.time.Duration.ofMillis(2500));
    assertThat(spam.onFailure()).isEqualTo(org.parley.spam.SpamPolicy.OnFailure.ACCEPT);
    assertThat(spam.refuseScore()).isEqualTo(12.5);
    Settings defaults = Settings.load(dir, Map.of("PARLEY_SPAM_FILTER", "spamd:127.0.0.1:783"));
    assertThat(defaults.spam().onFailure()).isEqualTo(org.parley.spam.SpamPolicy.OnFailure.DEFER);
    assertThat(defaults.spam().timeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(defaults.spam().refuseScore()).isEqualTo(15);
    assertThat(Settings.load(dir, Map.of("PARLEY_SPAM_REFUSE_SCORE", "off")).spam().refuseScore())
        .isEqualTo(org.parley.spam.SpamPolicy.NEVER_REFUSE);

    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_SPAM_FILTER", "127.0.0.1:11333")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("spam_filter: '127.0.0.1:11333' names no filter Parley can ask");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_SPAM_FILTER_ON_FAILURE", "bounce")))
        .hasMessageStartingWith("spam_filter_on_failure: 'bounce' is not defer or accept");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_SPAM_REFUSE_SCORE", "-1")))
        .hasMessageStartingWith("spam_refuse_score: '-1' is not a score");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_SPAM_FILTER_TIMEOUT_MS", "5")))
        .hasMessageStartingWith("spam_filter_timeout_ms:");
  }

  @Test
  void senderAuthenticationAsksTheNamedResolversAndKnowsTheDomainsToRewriteAlways() {
    org.parley.mailauth.MailAuthSettings defaults = Settings.load(dir, Map.of()).mailAuth();
    assertThat(defaults.on()).isTrue();
    assertThat(defaults.dnsServers()).isEmpty();
    assertThat(defaults.dnsTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.strict("gmail.com")).isTrue();
    assertThat(defaults.strict("googlemail.com")).isTrue();
    assertThat(defaults.strict("example.org")).isFalse();
    org.parley.mailauth.MailAuthSettings set =
        Settings.load(
                dir,
                Map.of(
                    "PARLEY_SENDER_AUTH", "off",
                    "PARLEY_DNS_SERVERS", "127.0.0.1:5353, [::1]",
                    "PARLEY_DNS_TIMEOUT_MS", "800",
                    "PARLEY_REWRITE_FROM_DOMAINS", "Example.ORG"))
            .mailAuth();
    assertThat(set.on()).isFalse();
    assertThat(set.dnsServers())
        .extracting(a -> a.getHostString() + " " + a.getPort())
        .containsExactly("127.0.0.1 5353", "0:0:0:0:0:0:0:1 53");
    assertThat(set.dnsTimeout()).isEqualTo(Duration.ofMillis(800));
    assertThat(set.strict("lists.example.org")).isTrue();
    assertThat(set.strict("gmail.com")).isFalse();
    assertThat(
            Settings.load(dir, Map.of("PARLEY_REWRITE_FROM_DOMAINS", ""))
                .mailAuth()
                .strictDomains())
        .isEmpty();
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_DNS_SERVERS", "dns:x:y")))
        .hasMessageStartingWith("dns_servers: 'dns:x:y' is not an address");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_REWRITE_FROM_DOMAINS", "gmail")))
        .hasMessageStartingWith("rewrite_from_domains: 'gmail' is not a domain");
  }
}
