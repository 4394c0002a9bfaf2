package org.parley.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An independent DKIM implementation to check ours against: dkimpy (Debian's python3-dkim), run as
 * a process with the system's {@code /usr/bin/python3}. It verifies the signatures we make, with
 * the key records given to it (its {@code dnsfunc} answers them, or asks a {@link TestDns}), and
 * makes signatures for our verifier to check. A test is skipped with one line where python3-dkim
 * (or PyNaCl, for Ed25519) is not installed.
 */
public final class Dkimpy {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String VERIFY =
      """
      import sys, json, dkim
      records = json.loads(sys.argv[1])
      server = sys.argv[2]
      def from_records(name, timeout=5):
          n = name.decode() if isinstance(name, bytes) else name
          r = records.get(n.rstrip('.').lower())
          return r.encode() if r is not None else None
      def from_server(name, timeout=5):
          import dns.resolver
          host, port = server.rsplit(':', 1)
          res = dns.resolver.Resolver(configure=False)
          res.nameservers = [host]
          res.port = int(port)
          n = name.decode() if isinstance(name, bytes) else name
          try:
              answer = res.resolve(n, 'TXT', lifetime=timeout)
          except Exception:
              return None
          for rdata in answer:
              return b''.join(rdata.strings)
          return None
      msg = sys.stdin.buffer.read()
      d = dkim.DKIM(msg)
      n = sum(1 for k, v in d.headers if k.lower() == b'dkim-signature')
      out = []
      for i in range(n):
          try:
              ok = d.verify(idx=i, dnsfunc=from_server if server else from_records)
              out.append({'ok': bool(ok), 'why': ''})
          except Exception as e:
              out.append({'ok': False, 'why': type(e).__name__ + ': ' + str(e)})
      print(json.dumps(out))
      """;

  private static final String SIGN =
      """
      import sys, dkim
      selector, domain, algorithm, canon, keyfile = sys.argv[1:6]
      headers = [h.encode() for h in sys.argv[6].split(':')] if sys.argv[6] else None
      length = sys.argv[7] == 'length'
      key = open(keyfile, 'rb').read()
      c = tuple(x.encode() for x in canon.split('/'))
      sig = dkim.sign(sys.stdin.buffer.read(), selector.encode(), domain.encode(), key,
                      include_headers=headers, canonicalize=c,
                      signature_algorithm=algorithm.encode(), linesep=b'\\r\\n',
                      length=length)
      sys.stdout.buffer.write(sig)
      """;

  /** What dkimpy said of one signature: whether it verified, and its error if any. */
  public record Verdict(boolean ok, String why) {}

  private Dkimpy() {}

  /** Skips the calling test unless dkimpy and PyNaCl can be imported by /usr/bin/python3. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        installed(),
        "python3-dkim is not installed (apt-get install python3-dkim): dkimpy checks skipped");
  }

  /** Whether dkimpy and PyNaCl can be imported by /usr/bin/python3. */
  public static boolean installed() {
    try {
      Process p =
          new ProcessBuilder(PYTHON.toString(), "-c", "import dkim, nacl, dns.resolver")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * dkimpy's verdict on each {@code DKIM-Signature} of {@code message}, top first, with key records
   * from {@code records} (DNS name without the final dot → TXT text).
   */
  public static List<Verdict> verify(byte[] message, Map<String, String> records) {
    try {
      return verdicts(run(VERIFY, message, JSON.writeValueAsString(records), ""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As {@link #verify(byte[], Map)}, with the key records looked up at {@code dns}. */
  public static List<Verdict> verify(byte[] message, TestDns dns) {
    return verdicts(run(VERIFY, message, "{}", dns.setting()));
  }

  /**
   * The {@code DKIM-Signature} field dkimpy makes for {@code message}.
   *
   * @param algorithm {@code rsa-sha256} or {@code ed25519-sha256}
   * @param canon such as {@code relaxed/simple}
   * @param key for RSA a PEM private key; for Ed25519 the base64 of its 32-byte seed
   * @param headers the fields to sign, colon-separated, or "" for dkimpy's own choice
   */
  public static String sign(
      byte[] message,
      String selector,
      String domain,
      String algorithm,
      String canon,
      String key,
      String headers) {
    return sign(message, selector, domain, algorithm, canon, key, headers, false);
  }

  /** As the other, with an {@code l=} tag giving the body's length when {@code length} is set. */
  public static String sign(
      byte[] message,
      String selector,
      String domain,
      String algorithm,
      String canon,
      String key,
      String headers,
      boolean length) {
    try {
      Path keyFile = Files.createTempFile("dkimpy", ".key");
      try {
        Files.writeString(keyFile, key);
        return run(
            SIGN,
            message,
            selector,
            domain,
            algorithm,
            canon,
            keyFile.toString(),
            headers,
            length ? "length" : "");
      } finally {
        Files.deleteIfExists(keyFile);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Verdict> verdicts(String json) {
    try {
      List<Verdict> out = new ArrayList<>();
      for (JsonNode n : JSON.readTree(json)) {
        out.add(new Verdict(n.get("ok").asBoolean(), n.get("why").asText()));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("dkimpy said: " + json, e);
    }
  }

  private static String run(String script, byte[] stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).start();
      Thread feeder =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var in = p.getOutputStream()) {
                      in.write(stdin);
                    } catch (IOException ignored) {
                      // the process ended early: its stderr says why
                    }
                  });
      java.io.ByteArrayOutputStream errBytes = new java.io.ByteArrayOutputStream();
      Thread errReader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      p.getErrorStream().transferTo(errBytes);
                    } catch (IOException ignored) {
                      // the process ended: what was read is all there is
                    }
                  });
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      errReader.join();
      String err = errBytes.toString(StandardCharsets.UTF_8);
      feeder.join();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("dkimpy failed: " + err + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
