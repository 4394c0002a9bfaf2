-- What the screen's rules found, and the messages held for a moderator (sqlite). Keep in step with
-- db/postgresql/V8__rule_hits.sql.
--
-- held_messages: one row per message and group that the group's chain held (DESIGN §3 step 2). Its
-- raw bytes are in the blob store under raw_sha256, kept with the envelope and source it came by;
-- from_address and subject are read from it for listings. The row is written before the sender is
-- answered, and removed once a moderator approves the message (it is then a post) or rejects it.
CREATE TABLE held_messages (
  id           INTEGER PRIMARY KEY,
  group_id     BIGINT  NOT NULL REFERENCES site_groups(id),
  raw_sha256   TEXT    NOT NULL,
  raw_size     BIGINT  NOT NULL,
  mail_from    TEXT    NOT NULL,
  recipients   TEXT    NOT NULL,
  remote       TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  from_address TEXT    NOT NULL,
  subject      TEXT    NOT NULL,
  held_at      BIGINT  NOT NULL,
  UNIQUE (group_id, raw_sha256)
);

-- rule_hits: each hit a rule reported for a post or a held message, in the order the rules ran.
-- Written in the post's own transaction, and only for a post with hits, so most posts add no row.
CREATE TABLE rule_hits (
  id        INTEGER PRIMARY KEY,
  post_id   BIGINT  REFERENCES posts(id),
  held_id   BIGINT  REFERENCES held_messages(id),
  idx       INTEGER NOT NULL,
  rule_id   TEXT    NOT NULL,
  reason    TEXT    NOT NULL,
  CHECK ((post_id IS NULL) <> (held_id IS NULL))
);
CREATE INDEX rule_hits_post ON rule_hits (post_id);
CREATE INDEX rule_hits_held ON rule_hits (held_id);
