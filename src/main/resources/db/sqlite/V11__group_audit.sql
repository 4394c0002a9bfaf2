-- A group's audit log (sqlite): one row per setting changed, by whom and when, with the value before
-- and after. Keep in step with db/postgresql/V11__group_audit.sql. Written in the transaction that
-- changes the group, so no change is stored without its row. Who: an account (changed on the web)
-- or the command line with the operating-system user who ran it; exactly one of the two is set.
-- setting: the setting's word (group/GroupSetting); old_value, new_value: its stored words.
CREATE TABLE group_audit (
  id          INTEGER PRIMARY KEY,
  group_id    BIGINT  NOT NULL REFERENCES site_groups(id),
  at          BIGINT  NOT NULL,
  account_id  BIGINT  REFERENCES accounts(id),
  cli_user    TEXT,
  setting     TEXT    NOT NULL,
  old_value   TEXT    NOT NULL,
  new_value   TEXT    NOT NULL,
  CHECK ((account_id IS NULL) <> (cli_user IS NULL))
);
CREATE INDEX group_audit_group ON group_audit (group_id, id);
