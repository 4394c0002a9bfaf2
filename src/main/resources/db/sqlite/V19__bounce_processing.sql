-- Bounce processing and complaints (issue 19, items 3 and 4) (sqlite). Keep in step with
-- db/postgresql/V19__bounce_processing.sql.

-- bounce_reports: every message that reached a bounce address (<group>-bounces@,
-- <group>-bounces+<token>@) or the site's feedback address (feedback@), kept as received before
-- the SMTP answer, with the read-bounce job that reads it queued in the same transaction. group_id:
-- the group whose address it reached (null at feedback@). token: what followed the '+' (a member's
-- token, probe-<token> for a probe, empty for none). outcome: what was made of it, null until read.
-- raw: the message; once read it is kept only for a complaint (an ARF report, for the operators).
CREATE TABLE bounce_reports (
  id          INTEGER PRIMARY KEY,
  group_id    BIGINT  REFERENCES site_groups(id),
  recipient   TEXT    NOT NULL,
  token       TEXT    NOT NULL,
  mail_from   TEXT    NOT NULL,
  raw         BLOB,
  received_at BIGINT  NOT NULL,
  read_at     BIGINT,
  outcome     TEXT
);

-- bounce_events: what happened to a membership because of bounces, one row each: a failure a
-- report named (kind hard, soft, policy; or auto-reply), whether it counted toward the score, and
-- the steps bounce processing took (probe, disabled, warning, removed). told_owners: whether the
-- owners' weekly summary has named it (disabled and removed rows only). No foreign key to members:
-- the rows outlive a membership removed by bounces.
CREATE TABLE bounce_events (
  id          INTEGER PRIMARY KEY,
  group_id    BIGINT  NOT NULL REFERENCES site_groups(id),
  account_id  BIGINT  NOT NULL REFERENCES accounts(id),
  report_id   BIGINT  REFERENCES bounce_reports(id),
  at          BIGINT  NOT NULL,
  day         TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  status      TEXT    NOT NULL DEFAULT '',
  diagnostic  TEXT    NOT NULL DEFAULT '',
  counted     BOOLEAN NOT NULL DEFAULT FALSE,
  told_owners BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX bounce_events_member ON bounce_events(group_id, account_id, at);

-- bounce_probes: one row per probe sent, by the token of its own return path
-- (<group>-bounces+probe-<token>@). outcome: null while it is out, then bounced or expired.
CREATE TABLE bounce_probes (
  token      TEXT    PRIMARY KEY,
  group_id   BIGINT  NOT NULL REFERENCES site_groups(id),
  account_id BIGINT  NOT NULL REFERENCES accounts(id),
  sent_at    BIGINT  NOT NULL,
  outcome    TEXT
);

-- complaints: an ARF report (RFC 5965) that named a member, whose delivery it disabled. The report
-- itself stays in bounce_reports. told_owners: whether the owners' daily notice has named it.
CREATE TABLE complaints (
  id            INTEGER PRIMARY KEY,
  report_id     BIGINT  NOT NULL REFERENCES bounce_reports(id),
  group_id      BIGINT  NOT NULL REFERENCES site_groups(id),
  account_id    BIGINT  NOT NULL REFERENCES accounts(id),
  feedback_type TEXT    NOT NULL,
  at            BIGINT  NOT NULL,
  told_owners   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX complaints_group ON complaints(group_id, at);

-- bounce_notices: the owners' weekly bounce summary and daily complaints notice sent for a group,
-- keyed by period (an ISO week such as 2026-W49, or a day), so each goes once per period even when
-- its job runs again after a crash or a restart.
CREATE TABLE bounce_notices (
  group_id BIGINT NOT NULL REFERENCES site_groups(id),
  kind     TEXT   NOT NULL,
  period   TEXT   NOT NULL,
  sent_at  BIGINT NOT NULL,
  PRIMARY KEY (group_id, kind, period)
);
