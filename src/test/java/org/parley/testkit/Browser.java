package org.parley.testkit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser without JavaScript, for tests outside the web package: java.net.http with its
 * own cookies (kept across restarts of the site, as a browser keeps them), no redirects followed,
 * and a lost connection reported as the {@link IOException} it is, so a caller can send the same
 * form again.
 */
public final class Browser {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
  private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([0-9a-f]{32})\"");
  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  public HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Posts a form, URL-encoded, as is. */
  public HttpResponse<String> post(String url, Map<String, String> form)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Signs in at {@code base}/login; false when the site did not answer with its redirect. */
  public boolean signIn(String base, String email, String password)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("csrf", field(CSRF, get(base + "/login").body()));
    form.put("email", email);
    form.put("password", password);
    return post(base + "/login", form).statusCode() == 303;
  }

  /**
   * The hidden fields of the page's form, as a browser would send them back: its CSRF token and, on
   * a compose form, its key (RELIABILITY A3).
   */
  public Map<String, String> form(String url) throws IOException, InterruptedException {
    String html = get(url).body();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("csrf", field(CSRF, html));
    Matcher key = KEY.matcher(html);
    if (key.find()) {
      f.put("key", key.group(1));
    }
    return f;
  }

  private static String field(Pattern p, String html) throws IOException {
    Matcher m = p.matcher(html);
    if (!m.find()) {
      throw new IOException("no form on the page (not signed in?)");
    }
    return m.group(1);
  }
}
