package org.parley.spam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * rspamd's normal worker, asked over its HTTP API: the raw message is POSTed to {@code /checkv2}
 * with what rspamd documents of the envelope as request fields ({@code From} the envelope sender,
 * one {@code Rcpt} per recipient, {@code IP}, {@code Helo}, {@code Queue-Id}), and the JSON
 * answer's {@code score}, {@code required_score}, {@code action} and {@code symbols} are read (see
 * rspamd's "Protocol" page). The whole exchange, connecting included, is bounded by the timeout.
 */
public final class RspamdClient implements SpamFilter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param base the worker's address, such as {@code http://127.0.0.1:11333}
   * @param timeout how long one check may take, connecting included
   */
  public RspamdClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            // HTTP/1.1: rspamd takes the h2c upgrade that the JDK's client offers by default and
            // then checks an empty message (it scored GTUBE 0, "no action")
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return "rspamd:" + base;
  }

  @Override
  public SpamResult check(byte[] raw, Arrival arrival) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/checkv2"))
            .timeout(timeout)
            .header("Content-Type", "message/rfc822")
            .POST(HttpRequest.BodyPublishers.ofByteArray(raw));
    if (!arrival.mailFrom().isEmpty()) {
      request.header("From", field(arrival.mailFrom()));
    }
    for (String rcpt : arrival.recipients()) {
      request.header("Rcpt", field(rcpt));
    }
    if (!arrival.ip().isEmpty()) {
      request.header("IP", field(arrival.ip()));
    }
    if (!arrival.helo().isEmpty()) {
      request.header("Helo", field(arrival.helo()));
    }
    if (!arrival.queueId().isEmpty()) {
      request.header("Queue-Id", field(arrival.queueId()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for rspamd", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "rspamd answered HTTP " + response.statusCode() + ": " + firstLine(response.body()));
    }
    return parse(response.body());
  }

  /** rspamd's JSON answer as a result; package-private for its tests. */
  static SpamResult parse(String body) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException("rspamd's answer is not JSON: " + firstLine(body), e);
    }
    if (root == null || !root.path("score").isNumber() || !root.path("action").isTextual()) {
      throw new IOException("rspamd's answer has no score and action: " + firstLine(body));
    }
    List<Map.Entry<String, Double>> symbols = new ArrayList<>();
    root.path("symbols")
        .properties()
        .forEach(e -> symbols.add(Map.entry(e.getKey(), e.getValue().path("score").asDouble())));
    // the symbols that weighed most first: a summary shows the first dozen
    symbols.sort(Comparator.comparing((Map.Entry<String, Double> e) -> -e.getValue()));
    return new SpamResult(
        root.path("score").asDouble(),
        root.path("required_score").asDouble(),
        root.path("action").asText(),
        symbols.stream().map(Map.Entry::getKey).toList(),
        "rspamd");
  }

  /** A request field's value on one line: an address with a line break in it is not sent as one. */
  private static String field(String value) {
    return value.replaceAll("[\\r\\n\\x00]", " ").strip();
  }

  private static String firstLine(String s) {
    String line = s == null ? "" : s.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
