package org.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Posting;

/** Real Parley sites for the benchmarks: a data directory, ports on 127.0.0.1 picked freely. */
final class Sites {
  static final String DOMAIN = "lists.test";

  private Sites() {}

  static Site open(Path dir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("PARLEY_DOMAIN", DOMAIN);
    env.put("PARLEY_WEB_PORT", "0");
    env.put("PARLEY_SMTP_PORT", "0");
    env.put("PARLEY_SMTP_HOST", "127.0.0.1");
    // benchmarks post thousands of messages from a few senders: no storm brake (sender-rate)
    env.put("PARLEY_SENDER_POSTS_PER_HOUR", "0");
    env.put("PARLEY_SENDER_POSTS_PER_MINUTE", "0");
    // the archive path is what is measured: no SPF, DKIM or DMARC look-ups, whose cost is the DNS
    // servers' latency (PARLEY_SENDER_AUTH=on with PARLEY_DNS_SERVERS measures them too)
    env.put("PARLEY_SENDER_AUTH", "off");
    env.putAll(extra);
    // any setting may be tried from the environment (PARLEY_SEARCH_COMMIT_MS=5000 bench/run.sh …)
    System.getenv().forEach(
        (k, v) -> {
          if (k.startsWith("PARLEY_")) {
            env.put(k, v);
          }
        });
    return Site.open(Settings.load(dir, env)).start();
  }

  /** Creates a group that anyone may post to. */
  static Group openGroup(Site site, String name) {
    Group g = site.groups().create(new GroupName(name), name, "");
    Group open =
        new Group(
            g.id(),
            g.name(),
            g.title(),
            g.description(),
            g.visibility(),
            Posting.ANYONE,
            g.joining(),
            g.subjectPrefix(),
            g.replyTo(),
            g.footer(),
            g.showAddresses(),
            g.maxBytes(),
            g.createdAt());
    site.groups().update(open);
    return open;
  }

  static Path tempDir(String prefix) throws IOException {
    return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
  }

  /** Bytes of all files under dir. */
  static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String percentiles(long[] nanos) {
    long[] s = nanos.clone();
    java.util.Arrays.sort(s);
    if (s.length == 0) {
      return "n/a";
    }
    return String.format(
        "mean %.2f ms, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
        java.util.Arrays.stream(s).average().orElse(0) / 1e6,
        s[(int) (s.length * 0.50)] / 1e6,
        s[(int) (s.length * 0.90)] / 1e6,
        s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6,
        s[s.length - 1] / 1e6);
  }
}
