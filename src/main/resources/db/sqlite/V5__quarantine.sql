-- Messages that made the ingest path fail (sqlite). Keep in step with
-- db/postgresql/V5__quarantine.sql. One row per message and group: its raw bytes are in the blob
-- store under raw_sha256, with the envelope it came with and the error it last met. The sender is
-- asked to try again (451) until the message has failed Quarantine.ATTEMPTS times; then it is held
-- (held = TRUE, the sender got 250) until an operator releases or drops it.
CREATE TABLE quarantine (
  id              INTEGER PRIMARY KEY,
  group_id        BIGINT  NOT NULL REFERENCES site_groups(id),
  raw_sha256      TEXT    NOT NULL,
  raw_size        BIGINT  NOT NULL,
  mail_from       TEXT    NOT NULL,
  recipients      TEXT    NOT NULL,
  remote          TEXT    NOT NULL,
  error           TEXT    NOT NULL,
  failures        INTEGER NOT NULL,
  held            BOOLEAN NOT NULL,
  first_failed_at BIGINT  NOT NULL,
  last_failed_at  BIGINT  NOT NULL,
  UNIQUE (group_id, raw_sha256)
);
