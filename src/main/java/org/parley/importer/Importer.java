package org.parley.importer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.group.Group;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Ingestor;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;

/**
 * Brings a group's history in from files (mbox, Maildir, {@code .eml}, pipermail; see {@link
 * ImportFiles}): every message becomes a {@link Submission} from {@link Source#IMPORT} and takes
 * the one path through the {@link Ingestor} (DESIGN §3), so the group's rules, the archive's
 * duplicate check, threading and visibility are the same as for live mail, while the rules that
 * make no sense for history pass it and no copy is mailed to anyone.
 *
 * <p>Files are read one message at a time, in order. Messages are parsed and screened on several
 * threads, and handed to the archive in the order they were read, without waiting for each commit:
 * the archive commits them in groups of many posts per transaction ({@link
 * org.parley.archive.ArchiveWriter}). At most {@link #WINDOW} messages are in hand at once, so
 * memory does not grow with the archive's size.
 *
 * <p>An import that is stopped (Ctrl-C, kill -9, a crash) can be run again: what was committed is
 * found again by Message-ID and bytes and counted as duplicates, and the rest is imported, so the
 * archive ends as an uninterrupted import makes it.
 */
public final class Importer {
  /** How many messages may be read and not yet committed. */
  static final int WINDOW = 512;

  private final Ingestor ingestor;
  private final int parsers;
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private volatile Tally tally = new Tally();

  /**
   * @param parsers how many threads parse and screen messages
   */
  public Importer(Ingestor ingestor, int parsers) {
    if (parsers < 1) {
      throw new IllegalArgumentException("an import needs at least one parser thread");
    }
    this.ingestor = ingestor;
    this.parsers = parsers;
  }

  /** Bytes of the files read so far (as on disk, compressed or not), for the progress. */
  public long bytesRead() {
    return bytesRead.get();
  }

  /** Messages whose outcome is known so far, for the progress. */
  public long messagesDone() {
    return done.get();
  }

  /** The counts so far (imported, duplicates, refused, held, failed) of the import running. */
  public ImportSummary soFar() {
    return tally.summary(ImportFiles.Found.NONE);
  }

  /**
   * Imports every message of the files into the group and returns once each is committed (or
   * refused, or failed).
   *
   * @throws IOException if a file cannot be read; what was committed before stays
   */
  public ImportSummary run(Group group, ImportFiles.Found found)
      throws IOException, InterruptedException {
    Tally tally = new Tally();
    this.tally = tally;
    Semaphore window = new Semaphore(WINDOW);
    Envelope envelope = new Envelope("", List.of(), "import");
    ExecutorService pool = Executors.newFixedThreadPool(parsers);
    // each message is handed to the archive after the one before it: the files' order
    CompletableFuture<Void> handed = CompletableFuture.completedFuture(null);
    try {
      for (ImportFile file : found.files()) {
        try (MessageSource source = file.open(bytesRead)) {
          byte[] raw;
          while ((raw = source.next()) != null) {
            if (raw.length == 0) {
              continue;
            }
            window.acquire();
            Submission s = new Submission(group.name(), raw, envelope, Source.IMPORT);
            CompletableFuture<Ingestor.Prepared> prepared =
                CompletableFuture.supplyAsync(() -> ingestor.prepare(s, group), pool);
            CompletableFuture<CompletableFuture<IngestResult>> committing =
                handed.thenCombine(prepared, (ignored, p) -> ingestor.commitLater(p));
            // a message that failed to parse must not stop those after it
            handed = committing.handle((ignored, failure) -> null);
            committing
                .thenCompose(result -> result)
                .whenComplete(
                    (result, failure) -> {
                      tally.count(result, failure);
                      done.incrementAndGet();
                      window.release();
                    });
          }
        }
      }
    } finally {
      // wait for every message in hand, even when a file failed, so the counts are whole
      window.acquire(WINDOW);
      window.release(WINDOW);
      pool.shutdown();
    }
    return tally.summary(found);
  }

  /** The counts, as results come in from the archive's committer and the parser threads. */
  private static final class Tally {
    private long imported;
    private long duplicates;
    private long held;
    private final Map<String, Long> refused = new TreeMap<>();
    private final Map<String, Long> failed = new TreeMap<>();

    synchronized void count(IngestResult result, Throwable failure) {
      switch (result) {
        case null ->
            failed.merge(
                String.valueOf(
                    failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause()
                        : failure),
                1L,
                Long::sum);
        case IngestResult.Accepted a -> {
          if (a.duplicate()) {
            duplicates++;
          } else {
            imported++;
          }
        }
        case IngestResult.Refused r -> refused.merge(r.rule() + ": " + r.reason(), 1L, Long::sum);
        case IngestResult.Discarded d -> refused.merge(d.rule() + ": " + d.reason(), 1L, Long::sum);
        case IngestResult.Held h -> held++;
        case IngestResult.Failed f -> failed.merge(f.reason(), 1L, Long::sum);
        case IngestResult.NoRoom n -> failed.merge(n.reason(), 1L, Long::sum);
        case IngestResult.Quarantined q -> failed.merge("quarantined", 1L, Long::sum);
      }
    }

    synchronized ImportSummary summary(ImportFiles.Found found) {
      return new ImportSummary(
          imported,
          duplicates,
          refused,
          held,
          failed,
          found.files().size(),
          found.skipped().size());
    }
  }
}
