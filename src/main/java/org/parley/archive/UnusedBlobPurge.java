package org.parley.archive;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.PermanentJobFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code purge-blob} job: deletes one blob from the store once nothing refers to it any more. A
 * held message that a moderator rejected or discarded, or that expired, is queued here in the
 * transaction that removes its row, so a stranger's spam does not stay on disk for ever; an
 * approved one is kept, for its post refers to the same bytes. Whatever still refers to the blob
 * (any post, removed or not, any attachment, another held message, the quarantine, mail waiting for
 * a group's owners) keeps it. Run again after a crash, it finds the blob gone or still needed.
 */
public final class UnusedBlobPurge implements JobHandler {
  public static final String KIND = "purge-blob";

  private static final Logger log = LoggerFactory.getLogger(UnusedBlobPurge.class);

  private final Jdbi jdbi;
  private final BlobStore blobs;

  public UnusedBlobPurge(Jdbi jdbi, BlobStore blobs) {
    this.jdbi = jdbi;
    this.blobs = blobs;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Completion run(Job job) throws Exception {
    String key = job.payload().strip();
    if (!key.matches("[0-9a-f]{64}")) {
      throw new PermanentJobFailure("a purge-blob job's payload is a SHA-256 key, not " + key);
    }
    boolean deleted =
        jdbi.inTransaction(
            h -> {
              if (referenced(h, key)) {
                return false;
              }
              blobs.delete(h, List.of(key));
              return true;
            });
    log.info("blob {}: {}", key, deleted ? "deleted, nothing refers to it" : "kept, still in use");
    return Completion.DONE;
  }

  private static boolean referenced(Handle h, String key) {
    return h.createQuery(
                "SELECT (SELECT COUNT(*) FROM posts WHERE raw_sha256 = :k) + (SELECT COUNT(*) FROM"
                    + " attachments WHERE blob_sha256 = :k) + (SELECT COUNT(*) FROM held_messages"
                    + " WHERE raw_sha256 = :k) + (SELECT COUNT(*) FROM quarantine WHERE raw_sha256"
                    + " = :k) + (SELECT COUNT(*) FROM jobs WHERE kind = 'owner-mail' AND payload"
                    + " LIKE :tail)")
            .bind("k", key)
            .bind("tail", "%:" + key)
            .mapTo(Long.class)
            .one()
        > 0;
  }
}
