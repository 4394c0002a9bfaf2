-- Members choose their mail (issue 19): digests, choices per topic, and the state bounces and
-- complaints leave on a membership (sqlite). Keep in step with
-- db/postgresql/V18__digests_member_choices_bounces.sql.

-- digest_period: how often the group's digests go out, daily or weekly. digest_since: where the
-- posts of the next digest start (null until the first digest run: then from the group's start).
ALTER TABLE site_groups ADD COLUMN digest_period TEXT NOT NULL DEFAULT 'daily';
ALTER TABLE site_groups ADD COLUMN digest_since BIGINT;

-- digests: one row per digest a member is owed, keyed by member and period, so that each is made
-- and sent once even when the job that makes it runs again after a crash. kind: digest (MIME) or
-- abridged. state: queued (owed, not yet handed to the outgoing mail), sent, or empty (nothing the
-- member may see was posted in the period, and nothing was sent).
CREATE TABLE digests (
  group_id     BIGINT  NOT NULL REFERENCES site_groups(id),
  account_id   BIGINT  NOT NULL REFERENCES accounts(id),
  period_start BIGINT  NOT NULL,
  period_end   BIGINT  NOT NULL,
  kind         TEXT    NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'queued',
  posts        INTEGER NOT NULL DEFAULT 0,
  created_at   BIGINT  NOT NULL,
  sent_at      BIGINT,
  PRIMARY KEY (group_id, account_id, period_start)
);

-- member_topics: a member's choice about one topic of a group: mute (no copies of its posts, by
-- any mode) or follow (copies of its posts although the member's mode sends none one by one).
CREATE TABLE member_topics (
  group_id   BIGINT  NOT NULL REFERENCES site_groups(id),
  account_id BIGINT  NOT NULL REFERENCES accounts(id),
  topic_id   BIGINT  NOT NULL REFERENCES topics(id),
  choice     TEXT    NOT NULL,
  set_at     BIGINT  NOT NULL,
  PRIMARY KEY (group_id, account_id, topic_id)
);
CREATE INDEX member_topics_topic ON member_topics(topic_id, choice);

-- Why a membership is disabled (members.status = 'disabled'): bounces, complaint or owner; null
-- while it is active. disabled_at: since when. bounce_last_day: the last day (UTC, yyyy-mm-dd) a
-- bounce counted toward bounce_score, so a day counts once. probe_sent_at: when the probe that
-- decides whether to disable was sent (null: none outstanding). warnings_sent, last_warning_at: the
-- notices a disabled member was sent before the membership is removed.
ALTER TABLE members ADD COLUMN disabled_reason TEXT;
ALTER TABLE members ADD COLUMN disabled_at BIGINT;
ALTER TABLE members ADD COLUMN bounce_last_day TEXT;
ALTER TABLE members ADD COLUMN probe_sent_at BIGINT;
ALTER TABLE members ADD COLUMN warnings_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN last_warning_at BIGINT;
