-- The moderation queue's remaining parts (issue 18, item 4) (postgresql). Keep in step with
-- db/sqlite/V16__moderation_queue.sql.
--
-- allowed_senders: addresses a moderator approved "and always allow": their later posts to the
-- group skip its moderation holds (nonmember-post, member-moderation, moderate-all), never its
-- refusals (moderation/AllowedSenders). address: lower case. Who allowed: an account or the command
-- line, as group_audit.
CREATE TABLE allowed_senders (
  group_id   BIGINT  NOT NULL REFERENCES site_groups(id),
  address    TEXT    NOT NULL,
  at         BIGINT  NOT NULL,
  account_id BIGINT  REFERENCES accounts(id),
  cli_user   TEXT,
  PRIMARY KEY (group_id, address)
);

-- notified_at: when the group's moderators were first mailed about the held message (null: not
-- yet), so each notice lists what is new since the last.
ALTER TABLE held_messages ADD COLUMN notified_at BIGINT;

-- moderator_notices: when a group's moderators were last mailed about held messages, at most once
-- an hour (review/ModeratorNotices); next_at: when the next notice is due, if one is scheduled.
CREATE TABLE moderator_notices (
  group_id     BIGINT  NOT NULL PRIMARY KEY REFERENCES site_groups(id),
  last_sent_at BIGINT  NOT NULL,
  next_at      BIGINT
);

-- held_receipts: when a sender was last told that a message of theirs awaits the group's
-- moderators (review/HeldReceipts), at most once a day per sender and group: no backscatter.
CREATE TABLE held_receipts (
  group_id BIGINT  NOT NULL REFERENCES site_groups(id),
  address  TEXT    NOT NULL,
  sent_at  BIGINT  NOT NULL,
  PRIMARY KEY (group_id, address)
);
