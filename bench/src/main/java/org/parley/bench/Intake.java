package org.parley.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.app.Site;
import org.parley.jobs.JobState;

/**
 * SMTP intake, end to end: a real Parley site (embedded SQLite, synchronous=FULL; a 250 means the
 * blob and the rows are on disk) with a group open to anyone, and {@code --clients} concurrent
 * Angus Mail clients sending {@code --count} messages from an mbox (after {@code --warmup} more that
 * are not timed). Bounded by count and by {@code --max-seconds}.
 *
 * <p>Prints posts/s and the DATA→250 latency percentiles.
 */
public final class Intake {
  private static final Set<String> DROP =
      Set.of("precedence", "list-id", "auto-submitted", "x-loop");

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path mbox = Path.of(args.get("mbox", "target/gen-20k.mbox"));
    int warmup = args.integer("warmup", 1000);
    int count = args.integer("count", 20_000);
    int clients = args.integer("clients", 4);
    int maxSeconds = args.integer("max-seconds", 300);
    String workers = args.get("workers", "4");
    // true: the clients pipeline MAIL, RCPT and DATA as Postfix does when the server lists
    // PIPELINING; false: one round trip per command (Angus Mail)
    boolean pipelining = Boolean.parseBoolean(args.get("pipelining", "false"));

    List<byte[]> all = Mails.mbox(mbox);
    if (all.size() < warmup + count) {
      System.out.printf(
          "mbox has %d messages: timing %d after %d warm-up%n",
          all.size(), Math.max(0, all.size() - warmup), warmup);
      count = Math.max(0, all.size() - warmup);
    }
    List<byte[]> msgs = new ArrayList<>(warmup + count);
    long bytes = 0;
    for (int i = 0; i < warmup + count; i++) {
      byte[] m = Mails.forSubmission(all.get(i), DROP);
      msgs.add(m);
      if (i >= warmup) {
        bytes += m.length;
      }
    }
    all = null;

    Path dir = Sites.tempDir("parley-intake-");
    try (Site site = Sites.open(dir, Map.of("PARLEY_WORKERS", workers))) {
      Sites.openGroup(site, "bench");
      int port = site.smtpPort();
      System.out.printf(
          "intake: %d clients%s, %d warm-up + %d timed messages (%.1f MB), pid %d, data %s%n",
          clients,
          pipelining ? " pipelining" : "",
          warmup,
          count,
          bytes / 1e6,
          ProcessHandle.current().pid(),
          dir);

      run(port, msgs.subList(0, warmup), clients, pipelining, maxSeconds, null, null, null);
      System.out.println("intake: warm-up done, timing"); // a profiler can attach from here
      long[] lat = new long[count];
      long[] whole = new long[count];
      CpuAccount cpu = new CpuAccount();
      long t0 = System.nanoTime();
      Result r =
          run(
              port,
              msgs.subList(warmup, warmup + count),
              clients,
              pipelining,
              maxSeconds,
              lat,
              whole,
              cpu);
      double secs = (System.nanoTime() - t0) / 1e9;
      // Work the posts started and that is not done yet (indexing, distribution) is part of their
      // cost: wait for it, and count its CPU, so a backlog cannot pass for speed.
      Map<JobState, Long> left = site.jobs().countsByState();
      long drainStart = System.nanoTime();
      long drainDeadline = drainStart + maxSeconds * 1_000_000_000L;
      while (!site.jobs().idle() && System.nanoTime() < drainDeadline) {
        Thread.sleep(50);
      }
      double drain = (System.nanoTime() - drainStart) / 1e9;
      if (!site.jobs().idle()) {
        System.out.printf(
            "jobs still not done after %d s: %s%n", maxSeconds, site.jobs().countsByState());
      }
      String cpuPerPost = cpu.perUnit(Math.max(1, r.accepted.get()));
      long[] done = java.util.Arrays.copyOf(r.latencies(lat), r.accepted.get());
      long[] cycles = java.util.Arrays.copyOf(whole, r.accepted.get());
      long posts =
          site.db()
              .jdbi()
              .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM posts").mapTo(Long.class).one());
      System.out.printf(
          "RESULT intake: %d accepted, %d refused in %.2f s = %.0f posts/s (%.1f MB/s);"
              + " DATA->250 %s; MAIL->250 %s; posts in store %d; refusals %s%n",
          r.accepted.get(),
          r.refused.get(),
          secs,
          r.accepted.get() / secs,
          bytes / 1e6 / secs,
          Sites.percentiles(done),
          Sites.percentiles(cycles),
          posts,
          r.reasons);
      System.out.printf(
          "RESULT intake jobs at the end: ready %d, running %d; all done %.2f s later%n",
          left.getOrDefault(JobState.READY, 0L), left.getOrDefault(JobState.RUNNING, 0L), drain);
      System.out.println("RESULT intake " + cpuPerPost);
    } finally {
      if (!"true".equals(args.get("keep", "false"))) {
        Sites.delete(dir);
      }
    }
  }

  private static final class Result {
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final Map<String, Integer> reasons = new ConcurrentHashMap<>();
    final AtomicInteger filled = new AtomicInteger();

    long[] latencies(long[] lat) {
      return lat;
    }
  }

  /**
   * When no message completes for 5 s, dumps every thread (virtual ones too) once with jcmd into
   * {@code target/stall-<pid>.txt}, so a stall can be explained rather than only counted.
   */
  private static void watch(Result r, CountDownLatch done) {
    int last = -1;
    long since = System.nanoTime();
    boolean dumped = false;
    try {
      while (done.getCount() > 0) {
        Thread.sleep(500);
        int now = r.accepted.get() + r.refused.get();
        if (now != last) {
          last = now;
          since = System.nanoTime();
        } else if (!dumped && System.nanoTime() - since > 5_000_000_000L) {
          long pid = ProcessHandle.current().pid();
          String file = Path.of("target", "stall-" + pid + ".txt").toAbsolutePath().toString();
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid),
                  "Thread.dump_to_file",
                  file)
              .inheritIO()
              .start()
              .waitFor();
          System.out.println("no progress for 5 s: threads dumped to " + file);
          dumped = true;
        }
      }
    } catch (InterruptedException | java.io.IOException e) {
      // the run ended
    }
  }

  private static Result run(
      int port,
      List<byte[]> msgs,
      int clients,
      boolean pipelining,
      int maxSeconds,
      long[] lat,
      long[] whole,
      CpuAccount cpu)
      throws Exception {
    Result r = new Result();
    AtomicInteger next = new AtomicInteger();
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    CountDownLatch done = new CountDownLatch(clients);
    Thread watchdog = Thread.ofPlatform().daemon().name("stall-watchdog").start(() -> watch(r, done));
    List<Throwable> errors = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread.ofPlatform()
          .name("client-" + c)
          .start(
              () -> {
                try (SmtpSender client =
                    pipelining ? new PipeliningSmtpClient(port) : new TimedSmtpClient(port)) {
                  int i;
                  while ((i = next.getAndIncrement()) < msgs.size()
                      && System.nanoTime() < deadline) {
                    try {
                      long start = System.nanoTime();
                      long ns = client.send("poster@example.org", "bench@lists.test", msgs.get(i));
                      long cycle = System.nanoTime() - start;
                      r.accepted.incrementAndGet();
                      if (lat != null) {
                        int slot = r.filled.getAndIncrement();
                        lat[slot] = ns;
                        whole[slot] = cycle;
                      }
                    } catch (jakarta.mail.MessagingException e) {
                      r.refused.incrementAndGet();
                      String why = String.valueOf(e.getMessage()).strip();
                      r.reasons.merge(why.length() > 60 ? why.substring(0, 60) : why, 1, Integer::sum);
                    }
                  }
                } catch (Throwable t) {
                  synchronized (errors) {
                    errors.add(t);
                  }
                } finally {
                  if (cpu != null) {
                    cpu.clientThreadEnds();
                  }
                  done.countDown();
                }
              });
    }
    done.await();
    watchdog.interrupt();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("a client failed", errors.get(0));
    }
    return r;
  }
}
