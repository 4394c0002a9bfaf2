package org.parley.spam;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The site's settings for a spam filter in front.
 *
 * @param filter the filter every incoming message is handed to ({@code spam_filter}): {@code
 *     rspamd:http://127.0.0.1:11333} or {@code spamd:127.0.0.1:783}; empty for none
 * @param timeout how long one check may take ({@code spam_filter_timeout_ms}; 5 s by default)
 * @param onFailure what becomes of a message the filter could not check ({@code
 *     spam_filter_on_failure})
 * @param refuseScore the filter's score at or above which a message is refused at the door ({@code
 *     spam_refuse_score}; 15 by default, rspamd's own {@code reject} score); {@link #NEVER_REFUSE}
 *     refuses nothing for its score, and nothing for rspamd's {@code reject} action either
 */
public record SpamPolicy(
    Optional<String> filter, Duration timeout, OnFailure onFailure, double refuseScore) {
  /** A {@link #refuseScore} that refuses nothing: all the filter finds is held, or passes. */
  public static final double NEVER_REFUSE = Double.POSITIVE_INFINITY;

  /** The default {@link #refuseScore}: rspamd's own score for its {@code reject} action. */
  public static final double DEFAULT_REFUSE_SCORE = 15;

  /** The default {@link #timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** No filter in front. */
  public static final SpamPolicy NONE =
      new SpamPolicy(Optional.empty(), DEFAULT_TIMEOUT, OnFailure.DEFER, DEFAULT_REFUSE_SCORE);

  /** What becomes of a message when the filter cannot be reached or does not answer in time. */
  public enum OnFailure {
    /**
     * The sender is asked to try again later (SMTP 451 4.7.1, the web 503): nothing is lost, and
     * nothing passes unscreened.
     */
    DEFER,
    /** The message goes on to the screen unscreened by the filter, and the log says so. */
    ACCEPT;

    /** The setting's value: {@code defer} or {@code accept}. */
    public static OnFailure parse(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "defer" -> DEFER;
        case "accept" -> ACCEPT;
        default -> throw new IllegalArgumentException("'" + value + "' is not defer or accept");
      };
    }
  }

  public SpamPolicy {
    filter.ifPresent(SpamPolicy::parseFilter);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a spam filter's timeout is above zero");
    }
    if (!(refuseScore > 0)) {
      throw new IllegalArgumentException("a refuse score is above zero, or never");
    }
  }

  /** Whether a filter's finding refuses a message: its score, or rspamd's own {@code reject}. */
  public boolean refuses(SpamResult r) {
    return refuseScore != NEVER_REFUSE && (r.score() >= refuseScore || r.rejects());
  }

  /** The gate the ingest path asks, with this policy's filter (none when it names none). */
  public SpamGate gate() {
    return new SpamGate(filter.map(f -> parseFilter(f, timeout)), onFailure);
  }

  /**
   * Checks a {@code spam_filter} value without connecting to anything.
   *
   * @throws IllegalArgumentException with a sentence naming what is wrong
   */
  public static void parseFilter(String value) {
    parseFilter(value, DEFAULT_TIMEOUT);
  }

  /**
   * The filter a {@code spam_filter} value names: {@code rspamd:http://host:port} or {@code
   * spamd:host:port}.
   *
   * @throws IllegalArgumentException with a sentence naming what is wrong
   */
  public static SpamFilter parseFilter(String value, Duration timeout) {
    String v = value.strip();
    int colon = v.indexOf(':');
    String kind = colon < 0 ? v : v.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : v.substring(colon + 1);
    switch (kind) {
      case "rspamd" -> {
        URI uri = null;
        try {
          uri = new URI(rest);
        } catch (URISyntaxException e) {
          // answered below, with an example
        }
        if (uri == null
            || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              "rspamd is named by its worker's URL, such as rspamd:http://127.0.0.1:11333, not '"
                  + value
                  + "'");
        }
        return new RspamdClient(uri, timeout);
      }
      case "spamd" -> {
        int last = rest.lastIndexOf(':');
        String host = last < 0 ? rest : rest.substring(0, last);
        int port = 783;
        if (last >= 0) {
          try {
            port = Integer.parseInt(rest.substring(last + 1));
          } catch (NumberFormatException e) {
            port = -1;
          }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank() || port < 1 || port > 65535) {
          throw new IllegalArgumentException(
              "spamd is named by its address and port, such as spamd:127.0.0.1:783, not '"
                  + value
                  + "'");
        }
        return new SpamdClient(host, port, timeout);
      }
      default ->
          throw new IllegalArgumentException(
              "'"
                  + value
                  + "' names no filter Parley can ask: write rspamd:http://127.0.0.1:11333 or"
                  + " spamd:127.0.0.1:783");
    }
  }
}
