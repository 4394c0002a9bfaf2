package org.parley.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and how copies go out: the {@code relay} setting, one of
 *
 * <ul>
 *   <li>{@code smtp://host[:port]}: plain SMTP (port 25), for a smarthost on this machine or its
 *       own network, such as a local Postfix;
 *   <li>{@code smtp+starttls://[user@]host[:port]}: STARTTLS required (port 587), as commercial
 *       smarthosts take mail;
 *   <li>{@code smtps://[user@]host[:port]}: TLS from the first byte (port 465).
 * </ul>
 *
 * With TLS the server's certificate must be valid for the host named (Angus Mail's server identity
 * check), against the JVM's trusted authorities or, with {@code relay_ca_file}, the ones in that
 * PEM file. A relay that offers no STARTTLS, or a certificate that does not match, gets no copy:
 * the copies wait and are retried. The password is {@code relay_password} (best given as {@code
 * PARLEY_RELAY_PASSWORD}) or the URL's; a user name needs TLS, so no password ever goes out in the
 * clear. {@link #toString} never shows the password.
 */
public record RelayEndpoint(
    Security security,
    String host,
    int port,
    Optional<String> user,
    Optional<String> password,
    Optional<Path> caFile) {

  /** How the connection to the relay is protected: the URL's scheme, and its default port. */
  public enum Security {
    PLAIN("smtp", 25),
    STARTTLS("smtp+starttls", 587),
    TLS("smtps", 465);

    final String scheme;
    final int defaultPort;

    Security(String scheme, int defaultPort) {
      this.scheme = scheme;
      this.defaultPort = defaultPort;
    }
  }

  /**
   * Reads the {@code relay} setting with its {@code relay_password} and {@code relay_ca_file}
   * (either may be empty).
   *
   * @throws IllegalArgumentException with a sentence that says what is wrong
   */
  public static RelayEndpoint parse(String url, String passwordSetting, String caFileSetting) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + redacted(url) + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Security security =
        Arrays.stream(Security.values())
            .filter(s -> s.scheme.equals(scheme))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'"
                            + redacted(url)
                            + "' is not smtp://host:port, smtp+starttls://user@host:587 or"
                            + " smtps://user@host:465"));
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + redacted(url) + "' names no host");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : security.defaultPort;
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().isEmpty()) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
      if (colon >= 0) {
        password = Optional.of(decode(info.substring(colon + 1)));
      }
    }
    if (!passwordSetting.isEmpty()) {
      password = Optional.of(passwordSetting);
    }
    if (security == Security.PLAIN && (user.isPresent() || password.isPresent())) {
      throw new IllegalArgumentException(
          "a user name or password needs smtp+starttls:// or smtps://, so it is never sent in the"
              + " clear");
    }
    if (password.isPresent() && user.isEmpty()) {
      throw new IllegalArgumentException("a password needs a user name: smtp+starttls://user@host");
    }
    Optional<Path> ca = Optional.empty();
    if (!caFileSetting.isEmpty()) {
      Path p = Path.of(caFileSetting);
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException("relay_ca_file " + p + " cannot be read");
      }
      if (security == Security.PLAIN) {
        throw new IllegalArgumentException("relay_ca_file needs smtp+starttls:// or smtps://");
      }
      ca = Optional.of(p);
    }
    return new RelayEndpoint(security, uri.getHost(), port, user, password, ca);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL with any password in it replaced, for messages. */
  private static String redacted(String url) {
    return url.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
  }

  @Override
  public String toString() {
    return security.scheme + "://" + user.map(u -> u + "@").orElse("") + host + ":" + port;
  }
}
