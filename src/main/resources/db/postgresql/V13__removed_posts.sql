-- Posts removed by a group's owners, managers or site admins (issue 18, item 5) (postgresql). Keep in
-- step with db/sqlite/V13__removed_posts.sql.
--
-- removed_at: when the post was removed (epoch milliseconds), or NULL for a post that is shown.
-- A removed post keeps its row, its topic and its place (seq) in it, so the conversation page shows
-- a tombstone where it was, replies keep their place, and a retried delivery of the same message
-- stays a no-op; every read of the archive (archive.ArchiveReader) leaves it out. Unless the site
-- keeps removed posts for its operators (keep_removed_raw), the removal also empties the row's
-- text, and a purge-removed job deletes its bytes and attachments from the blob store.
ALTER TABLE posts ADD COLUMN removed_at BIGINT;
