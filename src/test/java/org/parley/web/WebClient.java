package org.parley.web;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/** A person's browser, without JavaScript: java.net.http with its own cookies, no redirects. */
final class WebClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
  final CookieManager cookies = new CookieManager();

  /** Headers sent with every request, such as a proxy's {@code X-Forwarded-For}. */
  final Map<String, String> headers = new LinkedHashMap<>();

  private final HttpClient http;
  private final String base;

  WebClient(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  HttpResponse<byte[]> bytes(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts a form as is (no CSRF token added). */
  HttpResponse<String> postRaw(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** One file of a multipart form: the field it is sent in, its name, its bytes. */
  record FilePart(String field, String filename, byte[] content) {}

  /**
   * Posts a multipart form as a browser sends it (its fields, then its files), with its length
   * said; no CSRF token is added.
   */
  HttpResponse<String> postMultipart(
      String path, Map<String, String> fields, java.util.List<FilePart> files) {
    return postMultipart(path, fields, files, true);
  }

  /**
   * As {@link #postMultipart(String, Map, java.util.List)}; with {@code sayLength} false the body
   * is sent in chunks without saying its length first.
   */
  HttpResponse<String> postMultipart(
      String path, Map<String, String> fields, java.util.List<FilePart> files, boolean sayLength) {
    String boundary = "----parley-test-" + Long.toHexString(System.nanoTime());
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    fields.forEach(
        (k, v) ->
            body.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + k
                        + "\"\r\n\r\n"
                        + v
                        + "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
    for (FilePart f : files) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.field()
                  + "\"; filename=\""
                  + f.filename()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(f.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                sayLength
                    ? HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())
                    : HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body.toByteArray()))));
  }

  /** Opens {@code page}, takes its CSRF token and posts {@code form} to {@code action}. */
  HttpResponse<String> submit(String page, String action, Map<String, String> form) {
    HttpResponse<String> p = get(page);
    Map<String, String> all = new LinkedHashMap<>(form);
    all.put("csrf", csrf(p.body()));
    return postRaw(action, all);
  }

  static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no CSRF token on the page:\n" + html);
    }
    return m.group(1);
  }

  void login(String email, String password) {
    HttpResponse<String> r =
        submit("/login", "/login", Map.of("email", email, "password", password));
    if (r.statusCode() != 303) {
      throw new AssertionError("sign-in failed: " + r.statusCode() + "\n" + r.body());
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
