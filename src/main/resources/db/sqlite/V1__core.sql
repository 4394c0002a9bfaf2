-- Parley core schema (SQLite). Keep in step with db/postgresql/V1__core.sql.
-- Times are epoch milliseconds (BIGINT) so both dialects read them the same way.

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  email         TEXT    NOT NULL,
  email_key     TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL DEFAULT '',
  password_hash TEXT,
  time_zone     TEXT    NOT NULL DEFAULT 'UTC',
  site_admin    BOOLEAN NOT NULL DEFAULT FALSE,
  created_at    BIGINT  NOT NULL
);

CREATE TABLE site_groups (
  id             INTEGER PRIMARY KEY,
  name           TEXT    NOT NULL UNIQUE,
  title          TEXT    NOT NULL,
  description    TEXT    NOT NULL DEFAULT '',
  visibility     TEXT    NOT NULL DEFAULT 'public',
  posting        TEXT    NOT NULL DEFAULT 'members',
  joining        TEXT    NOT NULL DEFAULT 'open',
  subject_prefix TEXT    NOT NULL DEFAULT '',
  reply_to       TEXT    NOT NULL DEFAULT 'group',
  footer         TEXT    NOT NULL DEFAULT '',
  show_addresses BOOLEAN NOT NULL DEFAULT FALSE,
  max_bytes      BIGINT  NOT NULL DEFAULT 26214400,
  created_at     BIGINT  NOT NULL
);

CREATE TABLE members (
  group_id     BIGINT  NOT NULL REFERENCES site_groups(id),
  account_id   BIGINT  NOT NULL REFERENCES accounts(id),
  role         TEXT    NOT NULL DEFAULT 'member',
  delivery     TEXT    NOT NULL DEFAULT 'each',
  status       TEXT    NOT NULL DEFAULT 'active',
  self_copy    BOOLEAN NOT NULL DEFAULT FALSE,
  bounce_score INTEGER NOT NULL DEFAULT 0,
  token        TEXT    NOT NULL UNIQUE,
  joined_at    BIGINT  NOT NULL,
  PRIMARY KEY (group_id, account_id)
);
CREATE INDEX members_account ON members(account_id);

CREATE TABLE topics (
  id            INTEGER PRIMARY KEY,
  group_id      BIGINT  NOT NULL REFERENCES site_groups(id),
  subject       TEXT    NOT NULL,
  subject_key   TEXT    NOT NULL,
  first_post_at BIGINT  NOT NULL,
  last_post_at  BIGINT  NOT NULL,
  post_count    INTEGER NOT NULL DEFAULT 0,
  view_count    BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX topics_group_last ON topics(group_id, last_post_at);
CREATE INDEX topics_subject ON topics(group_id, subject_key, last_post_at);

CREATE TABLE posts (
  id           INTEGER PRIMARY KEY,
  group_id     BIGINT  NOT NULL REFERENCES site_groups(id),
  topic_id     BIGINT  NOT NULL REFERENCES topics(id),
  seq          INTEGER NOT NULL,
  message_id   TEXT    NOT NULL,
  raw_sha256   TEXT    NOT NULL,
  raw_size     BIGINT  NOT NULL,
  parent_id    BIGINT,
  in_reply_to  TEXT,
  from_address TEXT    NOT NULL,
  from_name    TEXT    NOT NULL DEFAULT '',
  account_id   BIGINT,
  subject      TEXT    NOT NULL,
  sent_at      BIGINT,
  received_at  BIGINT  NOT NULL,
  to_line      TEXT    NOT NULL DEFAULT '',
  cc_line      TEXT    NOT NULL DEFAULT '',
  snippet      TEXT    NOT NULL DEFAULT '',
  body_text    TEXT    NOT NULL DEFAULT '',
  body_html    TEXT,
  defects      TEXT    NOT NULL DEFAULT '',
  source       TEXT    NOT NULL,
  UNIQUE (group_id, message_id, raw_sha256),
  UNIQUE (topic_id, seq)
);
CREATE INDEX posts_message_id ON posts(group_id, message_id);
CREATE INDEX posts_group_received ON posts(group_id, received_at);

CREATE TABLE post_refs (
  post_id  BIGINT  NOT NULL REFERENCES posts(id),
  group_id BIGINT  NOT NULL,
  ref      TEXT    NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (post_id, position)
);
CREATE INDEX post_refs_ref ON post_refs(group_id, ref);

CREATE TABLE attachments (
  post_id      BIGINT  NOT NULL REFERENCES posts(id),
  idx          INTEGER NOT NULL,
  filename     TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  size         BIGINT  NOT NULL,
  blob_sha256  TEXT    NOT NULL,
  content_id   TEXT,
  inline_part  BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (post_id, idx)
);

CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'ready',
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_at       BIGINT  NOT NULL,
  locked_until BIGINT,
  last_error   TEXT,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, run_at);

-- One row per copy of a post to one recipient: what distribution promised and what became of it.
CREATE TABLE outbound (
  id          INTEGER PRIMARY KEY,
  post_id     BIGINT  NOT NULL REFERENCES posts(id),
  group_id    BIGINT  NOT NULL,
  recipient   TEXT    NOT NULL,
  member_token TEXT   NOT NULL DEFAULT '',
  state       TEXT    NOT NULL DEFAULT 'queued',
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  BIGINT  NOT NULL,
  sent_at     BIGINT,
  UNIQUE (post_id, recipient)
);
CREATE INDEX outbound_post_state ON outbound(post_id, state);

-- Mail that would have gone to the relay when none is configured (demo, development).
CREATE TABLE captured_mail (
  id          INTEGER PRIMARY KEY,
  mail_from   TEXT    NOT NULL,
  rcpt_to     TEXT    NOT NULL,
  subject     TEXT    NOT NULL DEFAULT '',
  raw         BLOB    NOT NULL,
  captured_at BIGINT  NOT NULL
);
