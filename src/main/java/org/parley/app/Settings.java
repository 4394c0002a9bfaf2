package org.parley.app;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.bounce.BouncePolicy;
import org.parley.delivery.RelayEndpoint;
import org.parley.group.GroupName;
import org.parley.group.ListAddresses;
import org.parley.mailauth.MailAuthSettings;
import org.parley.moderation.PostingRate;
import org.parley.spam.SpamPolicy;
import org.parley.web.TrustedProxies;

/**
 * Every setting of a Parley site, validated once at start-up.
 *
 * <p>Values come from {@code parley.conf} in the data directory ({@code key = value} lines, keys in
 * lower case such as {@code web_port}) and from environment variables {@code PARLEY_<KEY>} (upper
 * case, such as {@code PARLEY_WEB_PORT}); the environment wins. Every key has a working default, so
 * an empty data directory runs. A bad value fails start-up with a message naming the key.
 *
 * @param dataDir the data directory: {@code parley.db}, {@code blobs/}, {@code index/}
 * @param domain the site's mail domain: groups are {@code <group>@<domain>}
 * @param webHost address the web server binds to
 * @param webPort port of the web server (0 picks a free one)
 * @param baseUrl the public URL of the site, used in links inside mail
 * @param smtpHost address the SMTP listener binds to
 * @param smtpPort port of the SMTP listener (0 picks a free one)
 * @param lmtpHost address the LMTP listener binds to
 * @param lmtpPort port of the LMTP listener (RFC 2033, for an MTA in front); empty means none
 * @param relay where outbound mail goes ({@code smtp://host:port}, {@code
 *     smtp+starttls://user@host:587} or {@code smtps://user@host:465}, with {@code relay_password}
 *     and {@code relay_ca_file}); empty captures it locally
 * @param db a JDBC URL; empty means the embedded SQLite in the data directory
 * @param maxMessageBytes the largest message accepted at the door ({@code max_message_bytes}; by
 *     default {@code relay_max_message_bytes} less {@link #COPY_HEADROOM}, and never more: a post
 *     the door takes must make copies the relay takes)
 * @param workers how many job workers run
 * @param searchCommitInterval how often at most the search index is committed, making newly indexed
 *     posts durable and searchable ({@code search_commit_ms})
 * @param minFreeBytes the free space the data directory's disk keeps: below it (plus a declared
 *     SIZE) new mail is answered 452 ({@code min_free_bytes}; by default 1.5 × the size limit)
 * @param maxConnectionsPerAddress the most connections one client address may hold at once on a
 *     listener ({@code max_connections_per_address}); more are answered 421
 * @param stopGrace how long a stopping site waits for the mail transactions under way to be
 *     answered ({@code stop_grace_seconds}; 10 s by default)
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} names the web client
 *     ({@code trusted_proxies}: addresses and CIDR ranges; none by default, so the header is
 *     ignored)
 * @param relayMaxMessageBytes the largest message the relay takes ({@code relay_max_message_bytes}:
 *     Postfix's {@code message_size_limit}, 10240000 by default)
 * @param postingRate how many posts one sender may make to one group in an hour and in a minute
 *     before more are refused ({@code sender_posts_per_hour}, {@code sender_posts_per_minute}; 0 is
 *     no limit)
 * @param keepRemovedRaw whether a post removed by its group's moderators keeps its raw bytes,
 *     attachments and text in the store for the site's operators ({@code keep_removed_raw}; false
 *     by default: they are deleted)
 * @param trustSpamHeaders whether the {@code spam-score} rule reads the fields a spam filter in
 *     front writes ({@code trust_spam_headers}, true by default): they can only hold a message,
 *     never let one through, so one a sender forges holds only their own; false for a site with no
 *     filter whose mail arrives scored by hops it does not trust
 * @param maxDirectAddsPerDay how many people one group may have added as members without their
 *     consent (by its owners and managers, on the members page) in any 24 hours ({@code
 *     max_direct_adds_per_day}; 50 by default)
 * @param bounces how bounces are counted and what they lead to ({@code bounce_score_threshold},
 *     {@code bounce_info_stale_after_days}, {@code bounce_probe_wait_days}, {@code
 *     bounce_disabled_warnings}, {@code bounce_disabled_warnings_interval_days}; Mailman 3's
 *     defaults, docs/bounces.md)
 * @param maxImportBytes the most an owner may upload at once to import into a group on its web page
 *     ({@code max_import_bytes}; 1 GiB by default), the files as sent and, for a zip, what it
 *     unpacks to
 * @param spam the spam filter in front ({@code spam_filter}: {@code rspamd:http://127.0.0.1:11333}
 *     or {@code spamd:127.0.0.1:783}, none by default), how long it may take ({@code
 *     spam_filter_timeout_ms}, 5000), what becomes of mail it cannot check ({@code
 *     spam_filter_on_failure}: {@code defer}, the default, or {@code accept}) and its score that
 *     refuses a message ({@code spam_refuse_score}: 15 by default, or {@code off})
 * @param mailAuth DNS and sender authentication ({@code sender_auth}, {@code dns_servers}, {@code
 *     dns_timeout_ms})
 */
public record Settings(
    Path dataDir,
    String domain,
    String webHost,
    int webPort,
    String baseUrl,
    String smtpHost,
    int smtpPort,
    String lmtpHost,
    OptionalInt lmtpPort,
    Optional<RelayEndpoint> relay,
    String db,
    long maxMessageBytes,
    int workers,
    Duration searchCommitInterval,
    long minFreeBytes,
    int maxConnectionsPerAddress,
    Duration stopGrace,
    TrustedProxies trustedProxies,
    long relayMaxMessageBytes,
    PostingRate postingRate,
    boolean keepRemovedRaw,
    boolean trustSpamHeaders,
    int maxDirectAddsPerDay,
    BouncePolicy bounces,
    long maxImportBytes,
    SpamPolicy spam,
    MailAuthSettings mailAuth) {

  public static final String CONF_FILE = "parley.conf";

  /** Postfix's default {@code message_size_limit}: what a relay takes unless told otherwise. */
  public static final long POSTFIX_MESSAGE_SIZE_LIMIT = 10_240_000;

  /**
   * How much larger than a post its copies to members may be, and then some (issue 16, item 15): a
   * post the door takes must make copies the relay takes, or it is archived and every copy refused.
   * A copy adds the list's fields (List-Id, -Post, -Archive, -Help, -Subscribe, -Owner,
   * -Unsubscribe with the member's token twice, -Unsubscribe-Post, Precedence, Reply-To), the
   * subject prefix, and the group's footer (once for text, once more for an HTML alternative, plus
   * about 300 bytes of MIME boundaries when the post is wrapped); the relay counts its own Received
   * field and envelope records (Postfix: about 500 bytes) against its limit too. {@code
   * DecoratorTest} measures a copy with a two-line footer at 0.5 to 1 KB larger than its post (the
   * issue saw 1.2 KB with a longer base URL). 64 KB covers that fifty times over, so a long footer,
   * title or base URL never tips a copy over, and costs a sender 0.6% of Postfix's 10240000. It
   * does not cover a text body that the footer makes Parley re-encode as quoted-printable (up to
   * threefold): the door decorates such a post and measures its copy ({@code Ingestor}), and a copy
   * the relay still refuses is told to the sender and the owners ({@code RefusalNotice}).
   */
  public static final long COPY_HEADROOM = 64 * 1024;

  /**
   * What the relay counts against its limit beyond the copy itself: Postfix adds its Received field
   * (about 200 bytes) and envelope records to the queue file it measures, and the site's DKIM
   * signatures go on top of each copy at the relay ({@code delivery/SigningRelay}: about 0.5 KB for
   * an Ed25519 key, 0.6 KB for RSA 2048, 1 KB for RSA 4096, one per active key). A copy must be at
   * most {@code relay_max_message_bytes} less this.
   */
  public static final long RELAY_ALLOWANCE = 4096;

  /** Reads settings for {@code dataDir} from its parley.conf and the process environment. */
  public static Settings load(Path dataDir) {
    return load(dataDir, System.getenv());
  }

  /**
   * Reads settings for {@code dataDir} from its parley.conf, then {@code env} (which wins).
   *
   * @throws SettingsException naming the first key whose value is not usable
   */
  public static Settings load(Path dataDir, Map<String, String> env) {
    return load(dataDir, env, Map.of());
  }

  /**
   * As above, with {@code defaults} (keys as in parley.conf) in place of the built-in defaults of
   * those keys: a kind of site, such as the demo, that needs other defaults than a served one.
   */
  public static Settings load(Path dataDir, Map<String, String> env, Map<String, String> defaults) {
    Map<String, String> values = new LinkedHashMap<>(defaults);
    values.putAll(readConf(dataDir.resolve(CONF_FILE)));
    env.forEach(
        (k, v) -> {
          if (k.startsWith("PARLEY_") && !k.equals("PARLEY_DATA")) {
            values.put(k.substring("PARLEY_".length()).toLowerCase(Locale.ROOT), v.trim());
          }
        });
    return from(dataDir, values);
  }

  static Settings from(Path dataDir, Map<String, String> v) {
    String domain = v.getOrDefault("domain", "localhost").toLowerCase(Locale.ROOT);
    if (!domain.matches("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")) {
      throw new SettingsException(
          "domain: '" + domain + "' is not a mail domain (for example lists.example.org)");
    }
    String webHost = v.getOrDefault("web_host", "127.0.0.1");
    int webPort = port(v, "web_port", 8080);
    String smtpHost = v.getOrDefault("smtp_host", "127.0.0.1");
    int smtpPort = port(v, "smtp_port", 2525);
    String lmtpHost = v.getOrDefault("lmtp_host", "127.0.0.1");
    if (lmtpHost.isEmpty()) {
      throw new SettingsException("lmtp_host: is empty (the default is 127.0.0.1)");
    }
    String lmtpPortValue = v.getOrDefault("lmtp_port", "");
    OptionalInt lmtpPort =
        lmtpPortValue.isEmpty() ? OptionalInt.empty() : OptionalInt.of(port(v, "lmtp_port", 0));
    if (lmtpPort.isPresent()
        && lmtpPort.getAsInt() != 0
        && lmtpPort.getAsInt() == smtpPort
        && lmtpHost.equals(smtpHost)) {
      throw new SettingsException(
          "lmtp_port: '" + lmtpPortValue + "' is also smtp_port; give LMTP a port of its own");
    }
    String baseUrl = v.getOrDefault("base_url", "");
    if (baseUrl.isEmpty()) {
      baseUrl = defaultBaseUrl(webHost, webPort);
    }
    baseUrl = stripTrailingSlash(baseUrl);
    if (!baseUrl.matches("https?://[^/\\s]+(/\\S*)?")) {
      throw new SettingsException(
          "base_url: '" + baseUrl + "' is not an http(s) URL such as https://lists.example.org");
    }
    Optional<RelayEndpoint> relay = Optional.empty();
    String relayValue = v.getOrDefault("relay", "");
    if (!relayValue.isEmpty()) {
      try {
        relay =
            Optional.of(
                RelayEndpoint.parse(
                    relayValue,
                    v.getOrDefault("relay_password", ""),
                    v.getOrDefault("relay_ca_file", "")));
      } catch (IllegalArgumentException e) {
        throw new SettingsException(
            "relay: " + e.getMessage() + " (leave it empty to capture mail)");
      }
    } else if (!v.getOrDefault("relay_password", "").isEmpty()
        || !v.getOrDefault("relay_ca_file", "").isEmpty()) {
      throw new SettingsException("relay_password and relay_ca_file need a relay");
    }
    String db = v.getOrDefault("db", "");
    if (!db.isEmpty() && !db.startsWith("jdbc:postgresql:") && !db.startsWith("jdbc:sqlite:")) {
      throw new SettingsException(
          "db: '" + db + "' is not a jdbc:postgresql: or jdbc:sqlite: URL (empty uses SQLite)");
    }
    long relayMax =
        number(
            v,
            "relay_max_message_bytes",
            POSTFIX_MESSAGE_SIZE_LIMIT,
            2 * COPY_HEADROOM,
            Integer.MAX_VALUE);
    long fits = relayMax - COPY_HEADROOM;
    long maxBytes = number(v, "max_message_bytes", fits, 1024, Integer.MAX_VALUE);
    if (maxBytes > fits) {
      throw new SettingsException(
          "max_message_bytes: "
              + maxBytes
              + " is more than copies to members could carry: each copy is up to "
              + COPY_HEADROOM
              + " bytes larger than the post, and relay_max_message_bytes is "
              + relayMax
              + ", so at most "
              + fits
              + "; set relay_max_message_bytes to what your relay takes (Postfix:"
              + " message_size_limit) or leave max_message_bytes unset");
    }
    int workers = (int) number(v, "workers", 4, 1, 256);
    long searchCommitMs = number(v, "search_commit_ms", 1000, 10, 60_000);
    long minFree = number(v, "min_free_bytes", maxBytes / 2 * 3, 0, Long.MAX_VALUE);
    int perAddress = (int) number(v, "max_connections_per_address", 50, 1, 1000);
    long stopGrace = number(v, "stop_grace_seconds", 10, 0, 600);
    TrustedProxies trustedProxies;
    try {
      trustedProxies = TrustedProxies.parse(v.getOrDefault("trusted_proxies", ""));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          "trusted_proxies: " + e.getMessage() + " (leave it empty when no proxy is in front)");
    }
    // the storm brake (RELIABILITY E2)
    PostingRate postingRate =
        new PostingRate(
            (int) number(v, "sender_posts_per_hour", PostingRate.DEFAULT.perHour(), 0, 1_000_000),
            (int)
                number(
                    v, "sender_posts_per_minute", PostingRate.DEFAULT.perMinute(), 0, 1_000_000));
    int maxDirectAdds = (int) number(v, "max_direct_adds_per_day", 50, 0, 1_000_000);
    BouncePolicy bounces = bouncePolicy(v);
    long maxImport = number(v, "max_import_bytes", 1L << 30, 1024, Long.MAX_VALUE);
    SpamPolicy spam = spamPolicy(v);
    return new Settings(
        dataDir.toAbsolutePath().normalize(),
        domain,
        webHost,
        webPort,
        baseUrl,
        smtpHost,
        smtpPort,
        lmtpHost,
        lmtpPort,
        relay,
        db,
        maxBytes,
        workers,
        Duration.ofMillis(searchCommitMs),
        minFree,
        perAddress,
        Duration.ofSeconds(stopGrace),
        trustedProxies,
        relayMax,
        postingRate,
        flag(v, "keep_removed_raw", false),
        flag(v, "trust_spam_headers", true),
        maxDirectAdds,
        bounces,
        maxImport,
        spam,
        mailAuth(v));
  }

  /**
   * The spam filter's keys: a filter Parley can ask, and its timeout, fallback and refuse score.
   */
  private static SpamPolicy spamPolicy(Map<String, String> v) {
    String filter = v.getOrDefault("spam_filter", "").strip();
    if (!filter.isEmpty()) {
      try {
        SpamPolicy.parseFilter(filter);
      } catch (IllegalArgumentException e) {
        throw new SettingsException(
            "spam_filter: " + e.getMessage() + " (leave it empty for no filter in front)");
      }
    }
    long timeoutMs =
        number(
            v,
            "spam_filter_timeout_ms",
            SpamPolicy.DEFAULT_TIMEOUT.toMillis(),
            100,
            Duration.ofMinutes(2).toMillis());
    SpamPolicy.OnFailure onFailure;
    try {
      onFailure = SpamPolicy.OnFailure.parse(v.getOrDefault("spam_filter_on_failure", "defer"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          "spam_filter_on_failure: "
              + e.getMessage()
              + " (defer asks senders to try again while the filter is down; accept takes their"
              + " mail unscreened)");
    }
    String refuse = v.getOrDefault("spam_refuse_score", "").strip();
    double refuseScore = SpamPolicy.DEFAULT_REFUSE_SCORE;
    if (refuse.equalsIgnoreCase("off")) {
      refuseScore = SpamPolicy.NEVER_REFUSE;
    } else if (!refuse.isEmpty()) {
      try {
        refuseScore = Double.parseDouble(refuse);
      } catch (NumberFormatException e) {
        refuseScore = -1;
      }
      if (!(refuseScore > 0 && refuseScore < 10_000)) {
        throw new SettingsException(
            "spam_refuse_score: '"
                + refuse
                + "' is not a score such as 15 or 12.5 (above 0, below 10000), or off");
      }
    }
    return new SpamPolicy(
        filter.isEmpty() ? Optional.empty() : Optional.of(filter),
        Duration.ofMillis(timeoutMs),
        onFailure,
        refuseScore);
  }

  /**
   * {@code sender_auth}, {@code dns_servers}, {@code dns_timeout_ms} and {@code
   * rewrite_from_domains}.
   */
  private static MailAuthSettings mailAuth(Map<String, String> v) {
    List<InetSocketAddress> servers = new ArrayList<>();
    for (String one : v.getOrDefault("dns_servers", "").split(",")) {
      String s = one.strip();
      if (s.isEmpty()) {
        continue;
      }
      Matcher m = HOST_PORT.matcher(s);
      if (!m.matches()) {
        throw new SettingsException(
            "dns_servers: '"
                + s
                + "' is not an address with an optional port, such as 127.0.0.1 or"
                + " [::1]:5353 (leave it empty for the system's resolvers)");
      }
      String host = m.group(1) != null ? m.group(1) : m.group(2);
      int port = m.group(3) == null ? 53 : Integer.parseInt(m.group(3));
      if (port < 1 || port > 65535) {
        throw new SettingsException("dns_servers: '" + s + "' has a port out of range");
      }
      servers.add(new InetSocketAddress(host, port));
    }
    long timeout = number(v, "dns_timeout_ms", 5000, 100, 120_000);
    java.util.Set<String> strict = new java.util.LinkedHashSet<>();
    String strictValue =
        v.getOrDefault(
            "rewrite_from_domains", String.join(", ", MailAuthSettings.DEFAULT_STRICT_DOMAINS));
    for (String one : strictValue.split(",")) {
      String d = one.strip().toLowerCase(Locale.ROOT);
      if (d.isEmpty()) {
        continue;
      }
      if (!d.matches("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")) {
        throw new SettingsException(
            "rewrite_from_domains: '"
                + one.strip()
                + "' is not a domain such as gmail.com (leave it empty for none)");
      }
      strict.add(d);
    }
    return new MailAuthSettings(
        flag(v, "sender_auth", true), servers, Duration.ofMillis(timeout), strict);
  }

  private static final Pattern HOST_PORT =
      Pattern.compile("^(?:\\[([0-9a-fA-F:.]+)\\]|([^:\\s]+))(?::(\\d{1,5}))?$");

  /** The bounce policy's keys, each a whole number in its range (Mailman 3's by default). */
  private static BouncePolicy bouncePolicy(Map<String, String> v) {
    BouncePolicy d = BouncePolicy.DEFAULTS;
    return new BouncePolicy(
        (int) number(v, "bounce_score_threshold", d.threshold(), 1, 1000),
        Duration.ofDays(number(v, "bounce_info_stale_after_days", d.staleAfter().toDays(), 1, 365)),
        Duration.ofDays(number(v, "bounce_probe_wait_days", d.probeWait().toDays(), 1, 365)),
        (int) number(v, "bounce_disabled_warnings", d.warnings(), 0, 100),
        Duration.ofDays(
            number(
                v,
                "bounce_disabled_warnings_interval_days",
                d.warningInterval().toDays(),
                1,
                365)));
  }

  /** The address of a group on this site. */
  public String groupAddress(GroupName group) {
    return new ListAddresses(domain).post(group);
  }

  /** The RFC 2919 List-Id of a group, without angle brackets. */
  public String listId(GroupName group) {
    return new ListAddresses(domain).listId(group);
  }

  private static String defaultBaseUrl(String webHost, int webPort) {
    String host = webHost.equals("0.0.0.0") || webHost.equals("127.0.0.1") ? "localhost" : webHost;
    return "http://" + host + ":" + webPort;
  }

  private static int port(Map<String, String> v, String key, int fallback) {
    return (int) number(v, key, fallback, 0, 65535);
  }

  private static long number(Map<String, String> v, String key, long fallback, long min, long max) {
    String raw = v.get(key);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(raw.replace("_", ""));
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new SettingsException(
          key + ": '" + raw + "' is not a whole number from " + min + " to " + max);
    }
  }

  private static boolean flag(Map<String, String> v, String key, boolean fallback) {
    String raw = v.get(key);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new SettingsException(key + ": '" + raw + "' is not true or false");
    };
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static Map<String, String> readConf(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingsException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    for (String name : p.stringPropertyNames()) {
      out.put(name.trim().toLowerCase(Locale.ROOT), p.getProperty(name).trim());
    }
    return out;
  }
}
