-- Imports started on a group's web page (issue 20, item 1) (sqlite). Keep in step with
-- db/postgresql/V20__imports.sql.

-- imports: one upload of archive files by a group's owner, committed with the import job that runs
-- it. folder: the upload's directory under <data>/imports/, deleted once the import ends.
-- file_names: the names as uploaded, one a line. state: queued, running, done or failed.
-- bytes_read and messages_done: the progress, written about every second while it runs. imported,
-- duplicates, refused, held, failed: the summary's counts; reasons: the summary's refusal and
-- failure reasons, one "count × reason" a line (or why the import failed).
CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  group_id      BIGINT  NOT NULL REFERENCES site_groups(id),
  started_by    BIGINT  REFERENCES accounts(id),
  folder        TEXT    NOT NULL,
  file_names    TEXT    NOT NULL,
  total_bytes   BIGINT  NOT NULL,
  state         TEXT    NOT NULL,
  bytes_read    BIGINT  NOT NULL DEFAULT 0,
  messages_done BIGINT  NOT NULL DEFAULT 0,
  imported      BIGINT  NOT NULL DEFAULT 0,
  duplicates    BIGINT  NOT NULL DEFAULT 0,
  refused       BIGINT  NOT NULL DEFAULT 0,
  held          BIGINT  NOT NULL DEFAULT 0,
  failed        BIGINT  NOT NULL DEFAULT 0,
  reasons       TEXT    NOT NULL DEFAULT '',
  created_at    BIGINT  NOT NULL,
  started_at    BIGINT,
  finished_at   BIGINT
);
CREATE INDEX imports_group ON imports(group_id, id);
