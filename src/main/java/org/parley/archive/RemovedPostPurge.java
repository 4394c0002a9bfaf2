package org.parley.archive;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.PermanentJobFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code purge-removed} job: deletes a removed post's raw bytes and its attachments from the
 * blob store, once {@link PostRemoval} has committed its removal (its payload is the post's id).
 * The removal marked the row first, and every read of the archive leaves a removed post out, so no
 * page ever reads bytes this deletes.
 *
 * <p>Blobs are content-addressed and shared: the same message cross-posted to two groups, the same
 * file attached twice. A blob is deleted only when no post that is shown, no other attachment of
 * one, no held message, no quarantined message and no owner mail waiting to be passed on refers to
 * it. The job runs in one transaction, which deletes the post's attachment rows with the blobs
 * (files first, then rows; see {@link BlobStore#delete}); run again after a crash it finds what is
 * left and deletes that, and for a post whose bytes are gone already it does nothing. Bytes shared
 * with another removed post are deleted with the first purge: a post removed while the site kept
 * removed posts ({@code keep_removed_raw}) keeps its bytes only as long as the setting stays on.
 */
public final class RemovedPostPurge implements JobHandler {
  public static final String KIND = "purge-removed";

  private static final Logger log = LoggerFactory.getLogger(RemovedPostPurge.class);

  private final Jdbi jdbi;
  private final BlobStore blobs;

  public RemovedPostPurge(Jdbi jdbi, BlobStore blobs) {
    this.jdbi = jdbi;
    this.blobs = blobs;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Completion run(Job job) throws Exception {
    long id;
    try {
      id = Long.parseLong(job.payload().strip());
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure(
          "a purge-removed job's payload is a post id, not " + job.payload());
    }
    int deleted =
        jdbi.inTransaction(
            h -> {
              // the attachment rows first: this takes the write lock before anything is decided
              List<String> attachments =
                  h.createQuery("SELECT blob_sha256 FROM attachments WHERE post_id = :p")
                      .bind("p", id)
                      .mapTo(String.class)
                      .list();
              h.createUpdate("DELETE FROM attachments WHERE post_id = :p").bind("p", id).execute();
              Optional<String> raw =
                  h.createQuery(
                          "SELECT raw_sha256 FROM posts WHERE id = :p AND removed_at IS NOT NULL")
                      .bind("p", id)
                      .mapTo(String.class)
                      .findOne();
              if (raw.isEmpty()) {
                return 0; // not removed (nothing in this version brings a post back): kept
              }
              Set<String> keys = new LinkedHashSet<>(attachments);
              keys.add(raw.get());
              List<String> unused = new ArrayList<>();
              for (String key : keys) {
                if (!referenced(h, key, id)) {
                  unused.add(key);
                }
              }
              blobs.delete(h, unused);
              return unused.size();
            });
    log.info("removed post {}: {} blob(s) of its bytes and attachments deleted", id, deleted);
    return Completion.DONE;
  }

  /** Whether anything but removed post {@code post} still needs blob {@code key}. */
  private static boolean referenced(Handle h, String key, long post) {
    return h.createQuery(
                "SELECT (SELECT COUNT(*) FROM posts WHERE raw_sha256 = :k AND id <> :p AND"
                    + " removed_at IS NULL) + (SELECT COUNT(*) FROM attachments a JOIN posts p ON"
                    + " p.id = a.post_id WHERE a.blob_sha256 = :k AND a.post_id <> :p AND"
                    + " p.removed_at IS NULL) + (SELECT COUNT(*) FROM held_messages WHERE"
                    + " raw_sha256 = :k) + (SELECT COUNT(*) FROM quarantine WHERE raw_sha256 = :k)"
                    + " + (SELECT COUNT(*) FROM jobs WHERE kind = 'owner-mail' AND payload LIKE"
                    + " :tail)")
            .bind("k", key)
            .bind("p", post)
            .bind("tail", "%:" + key)
            .mapTo(Long.class)
            .one()
        > 0;
  }
}
