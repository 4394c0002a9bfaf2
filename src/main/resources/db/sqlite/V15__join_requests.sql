-- Requests to join a group that asks (group.Joining ASK), waiting for an owner or manager
-- (mailcommand/JoinRequests) (sqlite). Keep in step with db/postgresql/V15__join_requests.sql.
--
-- One waiting request per account and group: a second ask finds the first. reason: what the asker
-- wrote. A decided request is deleted; the group's audit log keeps the decision.
CREATE TABLE join_requests (
  id         INTEGER PRIMARY KEY,
  group_id   BIGINT  NOT NULL REFERENCES site_groups(id),
  account_id BIGINT  NOT NULL REFERENCES accounts(id),
  reason     TEXT    NOT NULL DEFAULT '',
  created_at BIGINT  NOT NULL,
  UNIQUE (group_id, account_id)
);
