-- posts_message_id (group_id, message_id) repeats the first two columns of the posts table's
-- UNIQUE (group_id, message_id, raw_sha256) index, which serves the same lookups (a post by its
-- Message-ID in a group). Each post written updated both; now one. Keep in step with
-- db/sqlite/V4__drop_redundant_post_index.sql.
DROP INDEX posts_message_id;
