-- Issue 18's newer group settings, bans, and tokens confirmed by reply or link (sqlite). Keep in step
-- with db/postgresql/V12__group_settings_bans_confirmations.sql.
--
-- member_list: who may see the member list, a word of group.Visibility (private = its members).
-- post_by_email, post_on_web: whether the group takes posts by mail, on the web.
-- welcome: text mailed to each new member. spam_threshold: the spam score at or above which a post
-- is held (0 = off). held_days: how long a held post waits before it expires.
ALTER TABLE site_groups ADD COLUMN member_list TEXT NOT NULL DEFAULT 'private';
ALTER TABLE site_groups ADD COLUMN post_by_email BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE site_groups ADD COLUMN post_on_web BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE site_groups ADD COLUMN welcome TEXT NOT NULL DEFAULT '';
ALTER TABLE site_groups ADD COLUMN spam_threshold REAL NOT NULL DEFAULT 5.0;
ALTER TABLE site_groups ADD COLUMN held_days INTEGER NOT NULL DEFAULT 14;

-- A group's former names, each still taking mail and redirecting its pages to the group.
CREATE TABLE group_aliases (
  name       TEXT    NOT NULL PRIMARY KEY,
  group_id   BIGINT  NOT NULL REFERENCES site_groups(id),
  created_at BIGINT  NOT NULL
);

-- Addresses and whole domains banned from a group (member/Bans): refused when they post, join,
-- ask to join or are invited. pattern: a lower-case address (ada@example.org) or a domain written
-- with its at sign (@example.org). Who banned: an account or the command line, as group_audit.
CREATE TABLE group_bans (
  group_id   BIGINT  NOT NULL REFERENCES site_groups(id),
  pattern    TEXT    NOT NULL,
  reason     TEXT    NOT NULL DEFAULT '',
  at         BIGINT  NOT NULL,
  account_id BIGINT  REFERENCES accounts(id),
  cli_user   TEXT,
  PRIMARY KEY (group_id, pattern)
);

-- Single-use tokens that confirm an action by reply (to <group>-confirm+<token>@) or by a link
-- (group/Confirmations). Only the token's SHA-256 is kept. action: what confirming does, a word
-- its handler owns (join, leave, approve-held…); subject: what it acts on (a held message's id,
-- a request's id…); address: whom it was sent to, the only sender a reply is taken from.
CREATE TABLE confirmations (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT    NOT NULL UNIQUE,
  group_id   BIGINT  NOT NULL REFERENCES site_groups(id),
  action     TEXT    NOT NULL,
  subject    TEXT    NOT NULL DEFAULT '',
  address    TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  expires_at BIGINT  NOT NULL,
  used_at    BIGINT
);
CREATE INDEX confirmations_group_action ON confirmations (group_id, action, address, created_at);
