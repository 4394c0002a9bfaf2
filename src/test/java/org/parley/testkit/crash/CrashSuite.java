package org.parley.testkit.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.app.Site;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.cli.Cli;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.Browser;
import org.parley.testkit.CountingSink;
import org.parley.testkit.ServeProcess;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * The crash and fault suite of issue 16: {@code parley serve} runs as a process of its own and is
 * killed with SIGKILL at a random (seeded) moment of each round while clients use it, then started
 * again on the same data directory; afterwards the archive and the relay are compared with what the
 * clients were told. One line per scenario:
 *
 * <pre>CRASH intake: rounds 20, acknowledged 1234, found 1234, lost 0, duplicated 0</pre>
 *
 * <ul>
 *   <li><b>intake</b> (RELIABILITY A1): four SMTP clients send messages with a Message-ID each;
 *       acknowledged = answered 250, found = in the archive afterwards with its bytes unchanged,
 *       lost = acknowledged and not found, duplicated = archived more than once. A message whose
 *       answer the kill swallowed is sent again after the restart, as an MTA does (RFC 1047).
 *   <li><b>fanout</b> (A4): posts to a group of 200 members relayed to a {@link CountingSink}, the
 *       site killed in the middle of their fan-out, restarted until the queue drains; per (post,
 *       member): acknowledged = copies owed, found = members with a copy, lost = members without,
 *       duplicated = extra copies (the resend figure).
 *   <li><b>web</b> (A3 on the web, A8): signed-in members post through the compose form over HTTP;
 *       a browser whose request failed sends the same form (same key) again after the restart;
 *       acknowledged = answered 303, found and duplicated by the post's unique subject.
 *   <li><b>disk</b> (A2): the data directory on a 32 MiB tmpfs (root only), filled by a file while
 *       clients send, killed while full, started while still full (recorded), then the file
 *       removed. A message refused with 4xx is not acknowledged: its client sends it again later.
 * </ul>
 *
 * <p>Run it with {@code bench/run.sh crash [--rounds 20] [--scenarios intake,fanout,web,disk]
 * [--seed S]}; {@code CrashSuiteA1A2A4IT} runs its quick form in the test suite.
 */
public final class CrashSuite {
  public static final List<String> SCENARIOS = List.of("intake", "fanout", "web", "disk");
  static final String PASSWORD = "violet tractor lantern 42";
  private static final Duration LIMIT = Duration.ofMinutes(5);

  /** What one scenario found; {@code skipped} is the reason it could not run, else null. */
  public record Tally(
      String scenario,
      int rounds,
      long acknowledged,
      long found,
      long lost,
      long duplicated,
      Map<String, Object> more,
      String skipped) {
    static Tally skipped(String scenario, String reason) {
      return new Tally(scenario, 0, 0, 0, 0, 0, Map.of(), reason);
    }

    public String line() {
      if (skipped != null) {
        return "CRASH " + scenario + ": skipped, " + skipped;
      }
      StringBuilder s =
          new StringBuilder(
              "CRASH %s: rounds %d, acknowledged %d, found %d, lost %d, duplicated %d"
                  .formatted(scenario, rounds, acknowledged, found, lost, duplicated));
      more.forEach((k, v) -> s.append("; ").append(k).append(' ').append(v));
      return s.toString();
    }
  }

  private final Path work;
  private final long seed;
  private final PrintStream out;
  private final int members;
  private final long started = System.nanoTime();

  /**
   * @param work a directory for the sites and their logs
   * @param seed the seed of every random choice (kill moments); the same seed replays a run
   * @param members the fan-out group's size
   */
  public CrashSuite(Path work, long seed, PrintStream out, int members) {
    this.work = work;
    this.seed = seed;
    this.out = out;
    this.members = members;
  }

  /** Runs {@code rounds} rounds of one scenario. */
  public Tally run(String scenario, int rounds) throws Exception {
    Random random = new Random(seed ^ scenario.hashCode());
    Path dir = Files.createDirectories(work.resolve(scenario));
    return switch (scenario) {
      case "intake" -> intake(dir, rounds, random);
      case "fanout" -> fanout(dir, rounds, random);
      case "web" -> web(dir, rounds, random);
      case "disk" -> disk(dir, rounds, random);
      default -> throw new IllegalArgumentException("no scenario " + scenario);
    };
  }

  // ---------------------------------------------------------------- intake

  private Tally intake(Path dir, int rounds, Random random) throws Exception {
    Path data = dir.resolve("site");
    newSite(data, site -> TestSites.group(site, "news", "ada@example.com"));
    Mailer mail = new Mailer("intake");
    int kills = 0;
    for (int round = 1; round <= rounds; round++) {
      try (ServeProcess serve = ServeProcess.start(data, Map.of(), log(dir, round))) {
        AtomicInteger acked = new AtomicInteger();
        int killAt = 10 + random.nextInt(90);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = mail.clients(4, serve, acked, stop::get);
        await(
            "intake round " + round + ": " + killAt + " acknowledged",
            () -> acked.get() >= killAt || clients.stream().noneMatch(Thread::isAlive));
        kills += serve.kill9() == 137 ? 1 : 0;
        stop.set(true);
        join(clients);
        out.printf(
            at() + "intake round %d: killed after %d acknowledged (at %d)%n",
            round,
            acked.get(),
            killAt);
      }
    }
    mail.sendLeftovers(data, Map.of());
    return mail.tally("intake", rounds, data, Map.of("kills", kills));
  }

  // ---------------------------------------------------------------- fan-out

  private Tally fanout(Path dir, int rounds, Random random) throws Exception {
    Path data = dir.resolve("site");
    String[] addresses = new String[members];
    for (int i = 0; i < members; i++) {
      addresses[i] = "f" + i + "@example.com";
    }
    newSite(data, site -> TestSites.group(site, "fan", addresses));
    int posts = 3;
    int workers = 4; // the default of the workers setting: concurrent relay jobs and connections
    Set<CountingSink.Copy> owed = ConcurrentHashMap.newKeySet();
    int kills = 0;
    long unacknowledgedPosts = 0;
    try (CountingSink sink = new CountingSink()) {
      Map<String, String> env = Map.of("PARLEY_RELAY", sink.url());
      for (int round = 1; round <= rounds; round++) {
        try (ServeProcess serve = ServeProcess.start(data, env, log(dir, round))) {
          long before = owed.size();
          try (SmtpClient smtp = new SmtpClient(serve.smtpPort())) {
            for (int k = 1; k <= posts; k++) {
              String id = "fan-" + round + "-" + k + "@example.com";
              byte[] raw = message("f0@example.com", "fan@lists.test", id, null, round * 10 + k);
              if (smtp.send("f0@example.com", List.of("fan@lists.test"), raw).ok()) {
                for (int i = 1; i < members; i++) {
                  owed.add(new CountingSink.Copy(addresses[i], "<" + id + ">"));
                }
              } else {
                unacknowledgedPosts++;
              }
            }
          }
          // kill in the middle of this round's fan-out (earlier rounds' leftovers go first)
          long thisRound = owed.size() - before;
          long killAt = before + 1 + random.nextInt((int) Math.max(1, thisRound - 1));
          await("fan-out round " + round + ": " + killAt + " copies", () -> sink.total() >= killAt);
          kills += serve.kill9() == 137 ? 1 : 0;
          out.printf(
              at() + "fanout round %d: killed with %d copies at the sink (at %d of %d owed)%n",
              round,
              sink.total(),
              killAt,
              owed.size());
        }
      }
      // a last start, stopped in order only once every job is done: the queue drains
      try (Site site = TestSites.open(data, env).start()) {
        await(
            "the fan-out queue to drain, now " + site.jobs().countsByState(),
            () -> site.jobs().idle());
      }
      Map<CountingSink.Copy, Long> got = sink.copies();
      long found = 0;
      long extra = 0;
      long received = 0;
      for (CountingSink.Copy c : owed) {
        long n = got.getOrDefault(c, 0L);
        found += n > 0 ? 1 : 0;
        extra += Math.max(0, n - 1);
        received += n;
      }
      long stray = sink.total() - received;
      Map<String, Object> more = new LinkedHashMap<>();
      more.put("posts", (long) rounds * posts - unacknowledgedPosts);
      more.put("members", members);
      more.put("copies received", received);
      more.put("copies to no member owed one", stray);
      more.put("kills", kills);
      more.put(
          "resend bound", (long) kills * workers + " (a copy per worker in flight at each kill)");
      return new Tally(
          "fanout", rounds, owed.size(), found, owed.size() - found, extra, more, null);
    }
  }

  // ---------------------------------------------------------------- web

  private Tally web(Path dir, int rounds, Random random) throws Exception {
    Path data = dir.resolve("site");
    int browsers = 4;
    newSite(
        data,
        site -> {
          Group g = TestSites.group(site, "web");
          for (int c = 0; c < browsers; c++) {
            Account a = site.accounts().ensure(EmailAddress.of("w" + c + "@example.com"), "W" + c);
            site.accounts().setPassword(a.id(), site.passwords().hash(PASSWORD));
            site.members().add(g.id(), a.id(), Role.MEMBER, DeliveryMode.EACH);
          }
        });
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    AtomicLong resent = new AtomicLong();
    List<WebAuthor> authors = new ArrayList<>();
    for (int c = 0; c < browsers; c++) {
      authors.add(new WebAuthor(c, acknowledged, answers, resent));
    }
    int kills = 0;
    for (int round = 1; round <= rounds; round++) {
      try (ServeProcess serve = ServeProcess.start(data, Map.of(), log(dir, round))) {
        AtomicInteger acked = new AtomicInteger();
        int killAt = 3 + random.nextInt(25);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (WebAuthor a : authors) {
          threads.add(Thread.ofPlatform().start(() -> a.postUntilGone(serve, acked, stop::get)));
        }
        await(
            "web round " + round + ": " + killAt + " acknowledged",
            () -> acked.get() >= killAt || threads.stream().noneMatch(Thread::isAlive));
        kills += serve.kill9() == 137 ? 1 : 0;
        stop.set(true);
        join(threads);
        out.printf(
            at() + "web round %d: killed after %d acknowledged (at %d)%n",
            round,
            acked.get(),
            killAt);
      }
    }
    // the last forms whose answers the last kill swallowed are sent again too
    try (Site site = TestSites.open(data, Map.of()).start()) {
      for (WebAuthor a : authors) {
        a.resendPending("http://127.0.0.1:" + site.webPort());
      }
    }
    Map<String, Long> stored = new HashMap<>();
    try (Site site = TestSites.open(data, Map.of())) {
      long group = site.groups().find(new GroupName("web")).orElseThrow().id();
      site.db()
          .jdbi()
          .useHandle(
              h ->
                  h.createQuery(
                          "SELECT subject, COUNT(*) AS n FROM posts WHERE group_id = :g"
                              + " GROUP BY subject")
                      .bind("g", group)
                      .map((rs, ctx) -> Map.entry(rs.getString("subject"), rs.getLong("n")))
                      .forEach(e -> stored.put(e.getKey(), e.getValue())));
    }
    long found = acknowledged.stream().filter(stored::containsKey).count();
    long duplicated = stored.values().stream().mapToLong(n -> Math.max(0, n - 1)).sum();
    Map<String, Object> more = new LinkedHashMap<>();
    more.put("forms sent again after a lost answer", resent.get());
    more.put("answers other than 303", new TreeMap<>(answers));
    more.put("kills", kills);
    return new Tally(
        "web",
        rounds,
        acknowledged.size(),
        found,
        acknowledged.size() - found,
        duplicated,
        more,
        null);
  }

  /** One signed-in member's browser, kept (cookies and all) from one round to the next. */
  private static final class WebAuthor {
    private final int n;
    private final Browser browser = new Browser();
    private final Set<String> acknowledged;
    private final Map<String, AtomicLong> answers;
    private final AtomicLong resent;
    private boolean signedIn;
    private Map<String, String> pending; // a form sent whose answer was lost
    private int serial;

    WebAuthor(int n, Set<String> acknowledged, Map<String, AtomicLong> answers, AtomicLong resent) {
      this.n = n;
      this.acknowledged = acknowledged;
      this.answers = answers;
      this.resent = resent;
    }

    void postUntilGone(ServeProcess serve, AtomicInteger acked, BooleanSupplier stop) {
      try {
        while (!stop.getAsBoolean()) {
          if (!post(serve.web(), acked)) {
            return;
          }
        }
      } catch (IOException e) {
        // the site went away under this browser
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void resendPending(String base) throws InterruptedException {
      try {
        if (pending != null) {
          post(base, new AtomicInteger());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Sends the pending form, or a new one; false when the site refused to sign in. */
    private boolean post(String base, AtomicInteger acked)
        throws IOException, InterruptedException {
      if (!signedIn) {
        if (!browser.signIn(base, "w" + n + "@example.com", PASSWORD)) {
          answers.computeIfAbsent("sign-in refused", k -> new AtomicLong()).incrementAndGet();
          return false;
        }
        signedIn = true;
      }
      Map<String, String> form = pending;
      if (form == null) {
        form = browser.form(base + "/g/web/new");
        form.put("subject", "web " + n + "-" + ++serial);
        form.put("body", "Posted from browser " + n + ", number " + serial + ", café ✓");
        form.put("action", "post");
      } else {
        resent.incrementAndGet();
        if (form.get("csrf").isEmpty()) { // signed in anew: the page's new token, the same key
          form.put("csrf", browser.form(base + "/g/web/new").get("csrf"));
        }
      }
      pending = form; // until its answer is in
      HttpResponse<String> r = browser.post(base + "/g/web/new", form);
      if (r.statusCode() == 303) {
        acknowledged.add(form.get("subject"));
        acked.incrementAndGet();
        pending = null;
        return true;
      }
      answers.computeIfAbsent("" + r.statusCode(), k -> new AtomicLong()).incrementAndGet();
      if (r.statusCode() == 403) {
        // a token the site no longer knows: sign in again and send the form with a fresh one
        signedIn = false;
        form.put("csrf", "");
      } else if (r.statusCode() < 500) {
        pending = null; // refused for good (422): nothing was promised
      }
      Thread.sleep(50);
      return true;
    }
  }

  // ---------------------------------------------------------------- full disk

  private Tally disk(Path dir, int rounds, Random random) throws Exception {
    Optional<String> cannot = cannotMount();
    if (cannot.isPresent()) {
      return Tally.skipped("disk", cannot.get());
    }
    Path mount = Files.createDirectories(dir.resolve("tmpfs"));
    String mounted = command("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mount.toString());
    if (!mounted.isEmpty()) {
      return Tally.skipped("disk", "mount -t tmpfs failed: " + mounted);
    }
    try {
      Path data = mount.resolve("site");
      newSite(data, site -> TestSites.group(site, "news", "ada@example.com"));
      // the default floor (1.5 × the 25 MB size limit) is more than this whole disk
      Map<String, String> env = Map.of("PARLEY_MIN_FREE_BYTES", "1048576");
      Mailer mail = new Mailer("disk");
      Path filler = mount.resolve("filler");
      int startedFull = 0;
      int kills = 0;
      for (int round = 1; round <= rounds; round++) {
        try (ServeProcess serve = ServeProcess.start(data, env, log(dir, round))) {
          AtomicInteger acked = new AtomicInteger();
          AtomicBoolean stop = new AtomicBoolean();
          List<Thread> clients = mail.clients(4, serve, acked, stop::get);
          int fillAt = 5 + random.nextInt(40);
          await(
              "disk round " + round + ": " + fillAt + " acknowledged", () -> acked.get() >= fillAt);
          long filled = fill(filler);
          long replies = mail.replies.get();
          // the clients go on against the full disk for a while, then the kill
          long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
          await(
              "disk round " + round + ": replies on the full disk",
              () -> mail.replies.get() >= replies + 40 || System.nanoTime() > deadline);
          kills += serve.kill9() == 137 ? 1 : 0;
          stop.set(true);
          join(clients);
          out.printf(
              at()
                  + "disk round %d: filled %d bytes after %d acknowledged; %d replies on the full disk,"
                  + " refusals so far %s%n",
              round,
              filled,
              fillAt,
              mail.replies.get() - replies,
              new TreeMap<>(mail.refusals));
        }
        // a start while the disk is still full: recorded, then one client tries it
        Optional<ServeProcess> full =
            ServeProcess.tryStart(
                data, env, log(dir, round).resolveSibling("full-" + round + ".err"), LIMIT);
        if (full.isPresent()) {
          startedFull++;
          try (ServeProcess serve = full.get()) {
            AtomicInteger acked = new AtomicInteger();
            long replies = mail.replies.get();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> one =
                mail.clients(
                    1, serve, acked, () -> stop.get() || mail.replies.get() >= replies + 10);
            await("disk round " + round + ": ten replies while full", () -> !one.get(0).isAlive());
            serve.kill9();
            stop.set(true);
            join(one);
          }
        }
        Files.delete(filler);
      }
      // the last messages refused or unanswered go once more, now that there is room
      mail.sendLeftovers(data, env);
      Map<String, Object> more = new LinkedHashMap<>();
      more.put("refused", new TreeMap<>(mail.refusals));
      more.put("started while full", startedFull + " of " + rounds);
      more.put("kills", kills);
      return mail.tally("disk", rounds, data, more);
    } finally {
      command("umount", mount.toString());
    }
  }

  /** Why a tmpfs cannot be mounted here, if it cannot. */
  private static Optional<String> cannotMount() {
    if (!System.getProperty("os.name").startsWith("Linux")) {
      return Optional.of("a tmpfs needs Linux");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("mounting a tmpfs needs root");
    }
    return Optional.empty();
  }

  /** Writes {@code file} until the disk is full; returns the bytes written. */
  private static long fill(Path file) throws IOException {
    long written = 0;
    byte[] big = new byte[1 << 20];
    byte[] small = new byte[4096];
    try (OutputStream o = Files.newOutputStream(file)) {
      for (byte[] chunk : List.of(big, small, new byte[1])) {
        try {
          while (true) {
            o.write(chunk);
            o.flush();
            written += chunk.length;
          }
        } catch (IOException full) {
          // on to smaller pieces
        }
      }
    } catch (IOException closeOnFullDisk) {
      // what was written stays
    }
    return written;
  }

  // ---------------------------------------------------------------- SMTP senders

  /**
   * SMTP senders that behave as an MTA does: a message whose answer was lost (the connection went
   * with the kill) or that was refused with 4xx is kept and sent again later, whatever round it is.
   */
  private static final class Mailer {
    record Message(String id, byte[] raw) {}

    final String prefix;
    final Map<String, byte[]> acked = new ConcurrentHashMap<>();
    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final Queue<Message> again = new ConcurrentLinkedQueue<>();
    final Map<Integer, AtomicLong> refusals = new ConcurrentHashMap<>();
    final AtomicLong replies = new AtomicLong();
    final AtomicInteger serial = new AtomicInteger();

    Mailer(String prefix) {
      this.prefix = prefix;
    }

    List<Thread> clients(int n, ServeProcess serve, AtomicInteger acked, BooleanSupplier stop) {
      return clients(n, serve::smtpPort, serve::isAlive, acked, stop);
    }

    List<Thread> clients(
        int n,
        java.util.function.IntSupplier port,
        BooleanSupplier alive,
        AtomicInteger acked,
        BooleanSupplier stop) {
      List<Thread> t = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        t.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      // a connection the server ended (too many refusals, say) is opened again
                      while (!stop.getAsBoolean() && alive.getAsBoolean()) {
                        send(port.getAsInt(), acked, stop);
                      }
                    }));
      }
      return t;
    }

    private void send(int port, AtomicInteger ackedInRound, BooleanSupplier stop) {
      try (SmtpClient smtp = new SmtpClient(port)) {
        while (!stop.getAsBoolean()) {
          Message m = again.poll();
          if (m == null) {
            int n = serial.incrementAndGet();
            String id = prefix + "-" + n + "@example.com";
            String parent = n > 10 && n % 3 == 0 ? prefix + "-" + (n - 7) + "@example.com" : null;
            m = new Message(id, message("ada@example.com", "news@lists.test", id, parent, n));
          }
          sent.add(m.id());
          SmtpClient.Reply r;
          try {
            r = smtp.send("ada@example.com", List.of("news@lists.test"), m.raw());
          } catch (Exception e) {
            again.add(m); // no answer: the MTA keeps it
            return;
          }
          if (r.ok()) {
            acked.put(m.id(), m.raw());
            ackedInRound.incrementAndGet();
            replies.incrementAndGet();
            continue;
          }
          if (r.code() < 0) { // the connection was lost
            again.add(m);
            return;
          }
          replies.incrementAndGet();
          refusals.computeIfAbsent(r.code(), k -> new AtomicLong()).incrementAndGet();
          if (r.code() / 100 == 4) {
            again.add(m);
            Thread.sleep(50);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // could not connect: the server is going or gone
      }
    }

    /**
     * Sends what the last kill left unanswered (or the full disk refused) once more, to the site
     * started in this process, as an MTA would once the server is back.
     */
    void sendLeftovers(Path data, Map<String, String> env) throws InterruptedException {
      try (Site site = TestSites.open(data, env).start()) {
        List<Thread> one =
            clients(1, site::smtpPort, () -> true, new AtomicInteger(), again::isEmpty);
        await("the last resends", () -> !one.get(0).isAlive());
        join(one);
      }
    }

    /** Compares what was acknowledged with the archive of {@code data}. */
    Tally tally(String scenario, int rounds, Path data, Map<String, Object> extra)
        throws IOException {
      long found = 0;
      long duplicated = 0;
      List<String> lost = new ArrayList<>();
      try (Site site = TestSites.open(data, Map.of())) {
        long group = site.groups().find(new GroupName("news")).orElseThrow().id();
        for (String id : sent) {
          List<Post> posts = site.reader().postsByMessageId(group, MessageId.of(id));
          duplicated += Math.max(0, posts.size() - 1);
          byte[] raw = acked.get(id);
          if (raw != null) {
            if (!posts.isEmpty() && Arrays.equals(site.reader().raw(posts.get(0)), raw)) {
              found++;
            } else {
              lost.add(id);
            }
          }
        }
      }
      Map<String, Object> more = new LinkedHashMap<>(extra);
      more.put("sent", sent.size());
      if (!lost.isEmpty()) {
        more.put("lost ids", lost.subList(0, Math.min(10, lost.size())));
      }
      return new Tally(scenario, rounds, acked.size(), found, lost.size(), duplicated, more, null);
    }
  }

  /**
   * A numbered test message with a dot-led line and a length that varies with {@code n}; a reply to
   * {@code parent} when it is not null.
   */
  public static byte[] message(String from, String to, String id, String parent, int n) {
    String refs =
        parent == null ? "" : "In-Reply-To: <" + parent + ">\r\nReferences: <" + parent + ">\r\n";
    return ("From: "
            + from
            + "\r\nTo: "
            + to
            + "\r\nSubject: "
            + (parent == null ? "Note " + n : "Re: a note")
            + "\r\nMessage-ID: <"
            + id
            + ">\r\n"
            + refs
            + "Date: Sat, 05 Dec 2026 09:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Message "
            + n
            + ", café ✓\r\n"
            + ".a line that starts with a dot\r\n"
            + "x".repeat(n % 997)
            + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- common

  interface Setup {
    void accept(Site site) throws Exception;
  }

  /** {@code parley init} in {@code data}, then {@code setup} on the site, which is then closed. */
  private static void newSite(Path data, Setup setup) throws Exception {
    StringWriter err = new StringWriter();
    int code =
        Cli.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "init",
            "--data",
            data.toString(),
            "--domain",
            TestSites.DOMAIN,
            "--admin-email",
            "root@example.org",
            "--admin-password",
            PASSWORD);
    if (code != 0) {
      throw new IllegalStateException("parley init failed: " + err);
    }
    try (Site site = TestSites.open(data, Map.of())) {
      setup.accept(site);
    }
  }

  /** Seconds since the suite started, for the round lines. */
  private String at() {
    return String.format("[%6.1fs] ", (System.nanoTime() - started) / 1e9);
  }

  private static Path log(Path dir, int round) {
    return dir.resolve("serve-" + round + ".err");
  }

  // polled by hand, not with Awaitility as the tests are: bench/run.sh runs this suite as a
  // program from the test jar, without the test-scoped libraries
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static void join(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      if (!t.join(LIMIT)) {
        throw new IllegalStateException("a client did not stop: " + t);
      }
    }
  }

  /** Runs a command; answers "" when it succeeded, else its output. */
  private static String command(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.waitFor() == 0 ? "" : String.join(" ", argv) + ": " + output;
  }

  /**
   * {@code --rounds N} (20), {@code --scenarios intake,fanout,web,disk} (all), {@code --seed S} (a
   * new one, printed), {@code --members M} (200, the fan-out group), {@code --dir D} (a new
   * temporary directory, kept when given).
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        System.err.println("crash: options are --key value pairs, not " + argv[i]);
        System.exit(2);
      }
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    int rounds = Integer.parseInt(args.getOrDefault("rounds", "20"));
    List<String> scenarios =
        List.of(args.getOrDefault("scenarios", String.join(",", SCENARIOS)).split(","));
    for (String s : scenarios) {
      if (!SCENARIOS.contains(s)) {
        System.err.println("crash: no scenario " + s + "; there are " + SCENARIOS);
        System.exit(2);
      }
    }
    long seed =
        args.containsKey("seed") ? Long.parseLong(args.get("seed")) : new SecureRandom().nextLong();
    boolean keep = args.containsKey("dir");
    Path work =
        keep
            ? Files.createDirectories(Path.of(args.get("dir")))
            : Files.createTempDirectory("parley-crash");
    int members = Integer.parseInt(args.getOrDefault("members", "200"));
    System.out.println(
        "CRASH seed " + seed + " (replay: --seed " + seed + "), started " + Instant.now());
    CrashSuite suite = new CrashSuite(work, seed, System.out, members);
    List<Tally> tallies = new ArrayList<>();
    boolean failed = false;
    for (String s : scenarios) {
      Tally t;
      try {
        t = suite.run(s, rounds);
      } catch (Exception e) {
        System.out.println("CRASH " + s + ": failed to run: " + e.getMessage());
        failed = true;
        continue;
      }
      tallies.add(t);
      System.out.println(t.line());
    }
    System.out.println("CRASH done " + Instant.now() + "; seed " + seed);
    for (Tally t : tallies) {
      System.out.println(t.line());
      failed |= t.lost() > 0;
    }
    if (!keep) {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } else {
      System.out.println("CRASH sites and logs kept in " + work);
    }
    System.exit(failed ? 1 : 0);
  }
}
