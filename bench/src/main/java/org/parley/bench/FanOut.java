package org.parley.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.parley.app.Site;
import org.parley.group.Group;

/**
 * Fan-out, end to end: a real Parley site whose group has {@code --members} members (delivery
 * "each"), and a post sent to it over SMTP. Measures from the post's commit (the 250) until every
 * one of its outbound rows is {@code sent}. The relay is a discarding SubEthaSMTP sink on
 * 127.0.0.1 ({@code --mode relay}, or {@code --relay-port P} for a sink in another process), or
 * none ({@code --mode capture}: copies go into the captured_mail table).
 *
 * <p>Runs {@code --rounds} posts one after the other; the first is a warm-up and is reported apart.
 */
public final class FanOut {
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int members = args.integer("members", 10_000);
    int rounds = args.integer("rounds", 4);
    String mode = args.get("mode", "relay");
    int relayPort = args.integer("relay-port", 0);
    String workers = args.get("workers", "4");
    int maxSeconds = args.integer("max-seconds", 120);

    String sinkKind = args.get("sink", "subetha");
    boolean ownSink = mode.equals("relay") && relayPort == 0;
    Sink sink = ownSink && sinkKind.equals("subetha") ? new Sink(0) : null;
    RawSink raw = ownSink && sinkKind.equals("raw") ? new RawSink(0) : null;
    Map<String, String> env = new HashMap<>();
    env.put("PARLEY_WORKERS", workers);
    if (mode.equals("relay")) {
      env.put("PARLEY_RELAY", "smtp://127.0.0.1:" + (sink != null ? sink.port() : raw != null ? raw.port() : relayPort));
    }
    Path dir = Sites.tempDir("parley-fanout-");
    try (Site site = Sites.open(dir, env)) {
      Group g = Sites.openGroup(site, "fan");
      seedMembers(site, g.id(), members);
      System.out.printf(
          "fan-out: %d members, mode %s, sink %s, workers %s, pid %d%n",
          members, mode, ownSink ? sinkKind : "port " + relayPort, workers, ProcessHandle.current().pid());
      List<Double> rates = new ArrayList<>();
      try (TimedSmtpClient client = new TimedSmtpClient(site.smtpPort())) {
        for (int r = 0; r < rounds; r++) {
          byte[] post = post(r);
          client.send("author@example.org", "fan@lists.test", post);
          long t0 = System.nanoTime(); // the 250: the post is committed
          CpuAccount cpu = new CpuAccount();
          long postId =
              site.db()
                  .jdbi()
                  .withHandle(
                      h ->
                          h.createQuery("SELECT MAX(id) FROM posts").mapTo(Long.class).one());
          long sent = 0;
          long deadline = t0 + maxSeconds * 1_000_000_000L;
          while (System.nanoTime() < deadline) {
            sent =
                site.db()
                    .jdbi()
                    .withHandle(
                        h ->
                            h.createQuery(
                                    "SELECT COUNT(*) FROM outbound WHERE post_id = :p"
                                        + " AND state = 'sent'")
                                .bind("p", postId)
                                .mapTo(Long.class)
                                .one());
            if (sent >= members) {
              break;
            }
            Thread.sleep(10);
          }
          double secs = (System.nanoTime() - t0) / 1e9;
          double rate = sent / secs;
          System.out.printf(
              "RESULT fan-out %s round %d%s: %d copies sent in %.2f s = %.0f copies/s%s%n",
              mode,
              r,
              r == 0 ? " (warm-up)" : "",
              sent,
              secs,
              rate,
              sink != null
                  ? " (sink has " + sink.messages.get() + " messages)"
                  : raw != null ? " (sink has " + raw.messages.get() + " messages)" : "");
          System.out.printf("RESULT fan-out round %d %s%n", r, cpu.perUnit(Math.max(1, sent)));
          if (r > 0) {
            rates.add(rate);
          }
          if (sent < members) {
            System.out.println("not all copies were sent within " + maxSeconds + " s: stopping");
            break;
          }
        }
      }
      rates.sort(null);
      if (!rates.isEmpty()) {
        System.out.printf(
            "RESULT fan-out %s: median %.0f copies/s over %d rounds (min %.0f, max %.0f)%n",
            mode, rates.get(rates.size() / 2), rates.size(), rates.getFirst(), rates.getLast());
      }
    } finally {
      if (sink != null) {
        sink.close();
      }
      if (raw != null) {
        raw.close();
      }
      Sites.delete(dir);
    }
  }

  /** Accounts and memberships in one transaction (the stores would do one transaction each). */
  private static void seedMembers(Site site, long groupId, int n) {
    Random random = new Random(42);
    long now = System.currentTimeMillis();
    site.db()
        .jdbi()
        .useTransaction(
            h -> {
              var accounts =
                  h.prepareBatch(
                      "INSERT INTO accounts (email, email_key, created_at)"
                          + " VALUES (:e, :e, :now)");
              for (int i = 0; i < n; i++) {
                accounts.bind("e", "member" + i + "@example.net").bind("now", now).add();
              }
              accounts.execute();
              var memberships =
                  h.prepareBatch(
                      "INSERT INTO members (group_id, account_id, token, joined_at)"
                          + " SELECT :g, id, :token, :now FROM accounts WHERE email_key = :e");
              byte[] secret = new byte[16];
              for (int i = 0; i < n; i++) {
                random.nextBytes(secret);
                memberships
                    .bind("g", groupId)
                    .bind("token", HexFormat.of().formatHex(secret))
                    .bind("now", now)
                    .bind("e", "member" + i + "@example.net")
                    .add();
              }
              memberships.execute();
            });
  }

  /** A typical 3 KB plain-text post. */
  private static byte[] post(int round) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      body.append("Line ").append(i).append(" of the announcement, with some words to carry.\r\n");
    }
    return ("From: Author <author@example.org>\r\nTo: fan@lists.test\r\nSubject: Round "
            + round
            + "\r\nMessage-ID: <fanout-"
            + round
            + "-"
            + System.nanoTime()
            + "@example.org>\r\nDate: Tue, 25 Nov 2025 11:48:06 +0000\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }
}
