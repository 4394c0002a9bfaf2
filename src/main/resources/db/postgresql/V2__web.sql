-- Parley web schema (postgresql). Keep in step with db/sqlite/V2__web.sql.
-- Times are epoch milliseconds.

-- Browser sessions. The cookie holds a random id; the store keeps only its SHA-256, so a copy of
-- the database does not hand out live sessions. account_id is null for a signed-out visitor who
-- was given a session to carry the CSRF token of a form (login, sign-up).
CREATE TABLE web_sessions (
  id_hash     TEXT    PRIMARY KEY,
  account_id  BIGINT REFERENCES accounts(id),
  csrf_token  TEXT    NOT NULL,
  created_at  BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL
);
CREATE INDEX web_sessions_account ON web_sessions(account_id);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at);

-- Read marks (glossary): account x topic, the highest post seq read.
CREATE TABLE read_marks (
  account_id  BIGINT  NOT NULL REFERENCES accounts(id),
  topic_id    BIGINT  NOT NULL REFERENCES topics(id),
  seq         INTEGER NOT NULL,
  updated_at  BIGINT  NOT NULL,
  PRIMARY KEY (account_id, topic_id)
);

-- When a viewer's view of a topic was last counted: a view counts once per viewer per window.
-- viewer is 'a:<account id>' or 'v:<hash of the visitor cookie or address>'.
CREATE TABLE topic_views (
  topic_id    BIGINT  NOT NULL REFERENCES topics(id),
  viewer      TEXT    NOT NULL,
  counted_at  BIGINT  NOT NULL,
  PRIMARY KEY (topic_id, viewer)
);

-- Links mailed to finish signing up (or set a new password): only the token's SHA-256 is kept.
CREATE TABLE signup_tokens (
  token_hash  TEXT    PRIMARY KEY,
  email       TEXT    NOT NULL,
  created_at  BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL
);
