package org.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A second reader of the messages we write: Python's {@code email} package (the standard library's,
 * with {@code policy.default}), run as a process. Tests ask it for the header fields and the text
 * body it finds, so a message mime4j reads leniently is also checked by a parser that shares none
 * of its code. Skips, saying so, where there is no {@code python3}.
 */
public final class PythonEmail {
  private static final String SCRIPT =
      """
      import sys, json, email
      from email import policy
      m = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
      body = m.get_body(preferencelist=('plain',))
      out = {
        'headers': [[k, str(v)] for k, v in m.items()],
        'defects': [type(d).__name__ for d in m.defects],
        'text': body.get_content() if body is not None else None,
        'multipart': m.is_multipart(),
      }
      print(json.dumps(out))
      """;

  /** What Python's email package read from a message. */
  public record Reading(JsonNode json) {
    /** The first value of a header field, decoded, or null. */
    public String header(String name) {
      for (JsonNode pair : json.get("headers")) {
        if (pair.get(0).asText().equalsIgnoreCase(name)) {
          return pair.get(1).asText();
        }
      }
      return null;
    }

    /** The names of the header fields, in order. */
    public java.util.List<String> headerNames() {
      java.util.List<String> names = new java.util.ArrayList<>();
      json.get("headers").forEach(p -> names.add(p.get(0).asText()));
      return names;
    }

    /** The defects Python's parser reported on the message as a whole. */
    public java.util.List<String> defects() {
      java.util.List<String> out = new java.util.ArrayList<>();
      json.get("defects").forEach(d -> out.add(d.asText()));
      return out;
    }

    /** The text/plain body, as Python decodes it, or null. */
    public String text() {
      JsonNode t = json.get("text");
      return t == null || t.isNull() ? null : t.asText();
    }
  }

  private PythonEmail() {}

  private static final String WALK =
      """
      import sys, json, email
      from email import policy
      m = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
      parts = []
      defects = []
      for part in m.walk():
          defects += [type(d).__name__ for d in part.defects]
          entry = {'type': part.get_content_type()}
          if part.get_content_type() == 'message/rfc822':
              inner = part.get_payload(0)
              entry['message_id'] = str(inner['Message-ID'])
              entry['subject'] = str(inner['Subject'])
          elif part.get_content_maintype() == 'text':
              entry['text'] = part.get_content()
          parts.append(entry)
      print(json.dumps({'parts': parts, 'defects': defects}))
      """;

  /**
   * Walks every part of {@code raw} with Python's email package, depth first as {@code
   * Message.walk()} goes: each part's content type, a message/rfc822 part's inner Message-ID and
   * Subject, a text part's decoded text; and the defects found in any part. Skips the test where
   * python3 is missing.
   */
  public static JsonNode walk(byte[] raw) {
    return run(WALK, raw);
  }

  /** Reads {@code raw} with Python's email package; skips the test where python3 is missing. */
  public static Reading read(byte[] raw) {
    return new Reading(run(SCRIPT, raw));
  }

  private static JsonNode run(String script, byte[] raw) {
    Process p;
    try {
      p = new ProcessBuilder("python3", "-c", script).start();
    } catch (IOException e) {
      Assumptions.abort("python3 is not installed, so Python's email package cannot check this");
      throw new AssertionError("unreachable");
    }
    try {
      try (var in = p.getOutputStream()) {
        in.write(raw);
      }
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("python3 finished").isTrue();
      assertThat(p.exitValue()).as("python3 exit; stderr: %s", err).isZero();
      return new ObjectMapper().readTree(out);
    } catch (IOException e) {
      throw new AssertionError("talking to python3 failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
