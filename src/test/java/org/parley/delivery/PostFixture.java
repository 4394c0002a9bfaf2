package org.parley.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.parley.archive.BlobStore;
import org.parley.archive.PostId;
import org.parley.db.Database;

/**
 * Puts a post in the archive by plain SQL, as the archive writer will: only until the ingest path
 * lands on this branch, then tests should submit posts through it instead.
 */
final class PostFixture {
  private final Database db;
  private final BlobStore blobs;

  PostFixture(Database db, BlobStore blobs) {
    this.db = db;
    this.blobs = blobs;
  }

  /** Archives a minimal text/plain message from {@code from} and returns its id. */
  PostId post(long groupId, String from, String messageId, String subject, String body)
      throws IOException {
    String raw =
        "From: Author <"
            + from
            + ">\r\nTo: group@example\r\nSubject: "
            + subject
            + "\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <"
            + messageId
            + ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\n"
            + body
            + "\r\n";
    return post(groupId, from, messageId, subject, raw.getBytes(StandardCharsets.UTF_8));
  }

  PostId post(long groupId, String from, String messageId, String subject, byte[] raw)
      throws IOException {
    String sha = BlobStore.sha256(raw);
    long now = System.currentTimeMillis();
    long id =
        db.jdbi()
            .inTransaction(
                h -> {
                  blobs.putInline(h, java.util.Map.of(sha, raw)); // as the archive keeps them
                  long topic =
                      h.createUpdate(
                              "INSERT INTO topics (group_id, subject, subject_key, first_post_at,"
                                  + " last_post_at, post_count) VALUES (:g, :s, :s, :now, :now, 1)")
                          .bind("g", groupId)
                          .bind("s", subject)
                          .bind("now", now)
                          .executeAndReturnGeneratedKeys("id")
                          .mapTo(Long.class)
                          .one();
                  return h.createUpdate(
                          "INSERT INTO posts (group_id, topic_id, seq, message_id, raw_sha256,"
                              + " raw_size, from_address, subject, received_at, source)"
                              + " VALUES (:g, :t, 1, :m, :sha, :size, :from, :s, :now, 'smtp')")
                      .bind("g", groupId)
                      .bind("t", topic)
                      .bind("m", messageId)
                      .bind("sha", sha)
                      .bind("size", raw.length)
                      .bind("from", from)
                      .bind("s", subject)
                      .bind("now", now)
                      .executeAndReturnGeneratedKeys("id")
                      .mapTo(Long.class)
                      .one();
                });
    return new PostId(id);
  }
}
