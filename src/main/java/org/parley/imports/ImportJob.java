package org.parley.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.importer.ImportFiles;
import org.parley.importer.ImportSummary;
import org.parley.importer.Importer;
import org.parley.ingest.Ingestor;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.LeaseKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an import started on a group's web page: the {@link Importer} reads the uploaded files into
 * the group, as {@code parley import} does, while the import's row gets its progress about every
 * second ({@link #EVERY}) and its summary at the end; then the uploaded files are deleted.
 *
 * <p>The job holds its lease for as long as the import runs. If the site stops or crashes during
 * it, the job runs again (at the next start, or when its lease runs out) and the import reads its
 * files again from the start: what the stopped run archived is found again by Message-ID and bytes
 * and counted as duplicates, so the archive ends as an uninterrupted import makes it.
 */
public final class ImportJob implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(ImportJob.class);

  /** How often the running import's progress is written into its row. */
  static final Duration EVERY = Duration.ofSeconds(1);

  private final Imports imports;
  private final Uploads uploads;
  private final GroupStore groups;
  private final Supplier<Ingestor> ingestor;
  private final JobQueue queue;
  private final int parsers;

  /**
   * @param ingestor the site's one ingest path (asked when an import runs: the site builds it after
   *     its jobs' handlers)
   * @param parsers how many threads parse messages, as for {@link Importer}
   */
  public ImportJob(
      Imports imports,
      Uploads uploads,
      GroupStore groups,
      Supplier<Ingestor> ingestor,
      JobQueue queue,
      int parsers) {
    this.imports = imports;
    this.uploads = uploads;
    this.groups = groups;
    this.ingestor = ingestor;
    this.queue = queue;
    this.parsers = parsers;
  }

  @Override
  public String kind() {
    return Imports.JOB;
  }

  @Override
  public Completion run(Job job) throws Exception {
    Optional<Imports.Import> found = imports.find(Long.parseLong(job.payload()));
    if (found.isEmpty()) {
      return Completion.DONE;
    }
    Imports.Import im = found.get();
    if (im.state().ended()) {
      uploads.delete(im.folder());
      return Completion.DONE;
    }
    Optional<Group> group = groups.findById(im.groupId());
    if (group.isEmpty()) {
      end(im, "The group no longer exists.");
      return Completion.DONE;
    }
    if (!Files.isDirectory(uploads.folder(im.folder()))) {
      end(im, "The uploaded files are gone from the data directory; upload them again.");
      return Completion.DONE;
    }
    imports.running(im.id());
    Importer importer = new Importer(ingestor.get(), parsers);
    Thread progress =
        Thread.ofPlatform()
            .daemon()
            .name("parley-import-" + im.id())
            .start(
                () -> {
                  while (true) {
                    try {
                      Thread.sleep(EVERY);
                    } catch (InterruptedException e) {
                      return; // the import has ended
                    }
                    try {
                      imports.progress(
                          im.id(), importer.bytesRead(), importer.messagesDone(), importer.soFar());
                    } catch (RuntimeException e) {
                      log.warn("import {}: cannot write its progress just now", im.id(), e);
                    }
                  }
                });
    try (LeaseKeeper keeper = LeaseKeeper.hold(queue, job)) {
      List<java.nio.file.Path> paths = uploads.paths(im.folder());
      ImportSummary summary = importer.run(group.get(), ImportFiles.find(paths));
      progress.interrupt();
      progress.join();
      imports.done(im.id(), summary, importer.bytesRead());
      log.info(
          "import {} into {}: {} imported, {} duplicates, {} refused, {} failed",
          im.id(),
          group.get().name(),
          summary.imported(),
          summary.duplicates(),
          summary.refusedCount(),
          summary.failedCount());
    } catch (IOException | IllegalArgumentException e) {
      progress.interrupt();
      progress.join();
      log.warn("import {} into {} failed", im.id(), group.get().name(), e);
      end(
          im,
          "A file could not be read: it may be damaged or cut short. What was read before it stays.");
      return Completion.DONE;
    } catch (RuntimeException e) {
      progress.interrupt();
      if (job.attempts() < job.maxAttempts()) {
        throw e; // tried again later, from the start, as after a crash
      }
      log.warn("import {} into {} failed for the last time", im.id(), group.get().name(), e);
      end(im, "The import failed on the server, several times; the site's log says why.");
      return Completion.DONE;
    } finally {
      // stopped (the site is closing): the job runs again, and the files stay for it
      progress.interrupt();
    }
    uploads.delete(im.folder());
    return Completion.DONE;
  }

  /** Ends an import that cannot go on, and deletes its files. */
  private void end(Imports.Import im, String why) {
    imports.failed(im.id(), why);
    uploads.delete(im.folder());
  }
}
