package org.parley.imports;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.parley.importer.ImportSummary;
import org.parley.jobs.JobQueue;

/**
 * The {@code imports} table: one row for each import an owner started on a group's web page, with
 * its progress while it runs and its summary once it ends. A row is written with the job that runs
 * it, in one transaction ({@link #start}), so an upload the page answered is never without its
 * import, and an import never without its files.
 */
public final class Imports {
  /** The job kind that runs an import; its payload is the row's id. */
  public static final String JOB = "import";

  /**
   * How many times an import's job may be started: once, and again after each crash that stopped
   * it. Every run reads the files from the start, and what an earlier run archived counts as
   * duplicates.
   */
  static final int ATTEMPTS = 5;

  /** Where an import is. */
  public enum State {
    QUEUED,
    RUNNING,
    DONE,
    FAILED;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static State of(String word) {
      return valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether the import has ended, well or not: its progress will not change again. */
    public boolean ended() {
      return this == DONE || this == FAILED;
    }
  }

  /**
   * One import, as its row holds it.
   *
   * @param fileNames the files as uploaded, in the order given
   * @param totalBytes the bytes of the files to read (a zip's as unpacked)
   * @param reasons the summary's reasons, one "count × reason" a line, or why the import failed
   */
  public record Import(
      long id,
      long groupId,
      Optional<Long> startedBy,
      String folder,
      List<String> fileNames,
      long totalBytes,
      State state,
      long bytesRead,
      long messagesDone,
      long imported,
      long duplicates,
      long refused,
      long held,
      long failed,
      String reasons,
      Instant createdAt,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt) {}

  private static final RowMapper<Import> ROW =
      (rs, ctx) -> {
        long by = rs.getLong("started_by");
        Optional<Long> startedBy = rs.wasNull() ? Optional.empty() : Optional.of(by);
        long started = rs.getLong("started_at");
        Optional<Instant> startedAt =
            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(started));
        long finished = rs.getLong("finished_at");
        Optional<Instant> finishedAt =
            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
        String names = rs.getString("file_names");
        return new Import(
            rs.getLong("id"),
            rs.getLong("group_id"),
            startedBy,
            rs.getString("folder"),
            names.isEmpty() ? List.of() : List.of(names.split("\n")),
            rs.getLong("total_bytes"),
            State.of(rs.getString("state")),
            rs.getLong("bytes_read"),
            rs.getLong("messages_done"),
            rs.getLong("imported"),
            rs.getLong("duplicates"),
            rs.getLong("refused"),
            rs.getLong("held"),
            rs.getLong("failed"),
            rs.getString("reasons"),
            Instant.ofEpochMilli(rs.getLong("created_at")),
            startedAt,
            finishedAt);
      };

  private final Jdbi jdbi;
  private final JobQueue jobs;
  private final Clock clock;

  public Imports(Jdbi jdbi, JobQueue jobs, Clock clock) {
    this.jdbi = jdbi;
    this.jobs = jobs;
    this.clock = clock;
  }

  /**
   * Records a new import of the files in {@code folder} and queues the job that runs it, in one
   * transaction.
   *
   * @param startedBy the account that uploaded the files
   * @return the new import's id
   */
  public long start(
      long groupId, long startedBy, String folder, List<String> fileNames, long totalBytes) {
    return jdbi.inTransaction(
        h -> {
          long id =
              h.createQuery(
                      "INSERT INTO imports (group_id, started_by, folder, file_names, total_bytes,"
                          + " state, created_at) VALUES (:group, :by, :folder, :names, :total,"
                          + " :state, :now) RETURNING id")
                  .bind("group", groupId)
                  .bind("by", startedBy)
                  .bind("folder", folder)
                  .bind("names", String.join("\n", fileNames))
                  .bind("total", totalBytes)
                  .bind("state", State.QUEUED.word())
                  .bind("now", clock.millis())
                  .mapTo(Long.class)
                  .one();
          jobs.enqueue(h, JOB, Long.toString(id), ATTEMPTS);
          return id;
        });
  }

  public Optional<Import> find(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM imports WHERE id = :id")
                .bind("id", id)
                .map(ROW)
                .findOne());
  }

  /** The group's imports, newest first, at most {@code limit}. */
  public List<Import> ofGroup(long groupId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM imports WHERE group_id = :group ORDER BY id DESC LIMIT :limit")
                .bind("group", groupId)
                .bind("limit", limit)
                .map(ROW)
                .list());
  }

  /** The folders of the imports that have not ended: their files are still to be read. */
  public java.util.Set<String> unfinishedFolders() {
    return jdbi.withHandle(
        h ->
            java.util.Set.copyOf(
                h.createQuery("SELECT folder FROM imports WHERE state IN (:queued, :running)")
                    .bind("queued", State.QUEUED.word())
                    .bind("running", State.RUNNING.word())
                    .mapTo(String.class)
                    .list()));
  }

  /** Marks the import running, from the start: a run after a crash reads every file again. */
  void running(long id) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE imports SET state = :state, started_at = :now, bytes_read = 0,"
                        + " messages_done = 0 WHERE id = :id")
                .bind("state", State.RUNNING.word())
                .bind("now", clock.millis())
                .bind("id", id)
                .execute());
  }

  /** Writes the progress of a running import. */
  void progress(long id, long bytesRead, long messagesDone, ImportSummary soFar) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE imports SET bytes_read = :bytes, messages_done = :done, imported ="
                        + " :imported, duplicates = :duplicates, refused = :refused"
                        + " WHERE id = :id AND state = :running")
                .bind("bytes", bytesRead)
                .bind("done", messagesDone)
                .bind("imported", soFar.imported())
                .bind("duplicates", soFar.duplicates())
                .bind("refused", soFar.refusedCount())
                .bind("running", State.RUNNING.word())
                .bind("id", id)
                .execute());
  }

  /** Records the summary of an import that read all its files. */
  void done(long id, ImportSummary s, long bytesRead) {
    StringBuilder reasons = new StringBuilder();
    appendReasons(reasons, "refused", s.refused());
    appendReasons(reasons, "failed", s.failed());
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE imports SET state = :state, bytes_read = :bytes, messages_done = :done,"
                        + " imported = :imported, duplicates = :duplicates, refused = :refused,"
                        + " held = :held, failed = :failed, reasons = :reasons,"
                        + " finished_at = :now WHERE id = :id")
                .bind("state", State.DONE.word())
                .bind("bytes", bytesRead)
                .bind("done", s.messages())
                .bind("imported", s.imported())
                .bind("duplicates", s.duplicates())
                .bind("refused", s.refusedCount())
                .bind("held", s.held())
                .bind("failed", s.failedCount())
                .bind("reasons", reasons.toString().strip())
                .bind("now", clock.millis())
                .bind("id", id)
                .execute());
  }

  /** Records that an import could not go on, and why, in a sentence for its page. */
  void failed(long id, String why) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE imports SET state = :state, reasons = :why, finished_at = :now"
                        + " WHERE id = :id")
                .bind("state", State.FAILED.word())
                .bind("why", why)
                .bind("now", clock.millis())
                .bind("id", id)
                .execute());
  }

  private static void appendReasons(StringBuilder out, String what, Map<String, Long> counts) {
    out.append(
        counts.entrySet().stream()
            .map(e -> what + ": " + e.getValue() + " × " + e.getKey() + "\n")
            .collect(Collectors.joining()));
  }
}
