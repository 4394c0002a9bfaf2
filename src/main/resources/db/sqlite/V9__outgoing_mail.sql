-- Mail the site writes from a web request (a private reply, a forward, a sign-up or password link)
-- until the relay has taken it (sqlite). Keep in step with db/postgresql/V9__outgoing_mail.sql. The
-- request stores the message here with its envelope and queues its send-mail job in one
-- transaction; the job hands it to the relay, retried like members' copies, and deletes the row
-- once the relay took it (a sign-up link is not kept). A row whose job was parked stays, so
-- `parley redrive` can send it. recipients: one address a line.
CREATE TABLE outgoing_mail (
  id          INTEGER PRIMARY KEY,
  message_id  TEXT    NOT NULL,
  mail_from   TEXT    NOT NULL,
  recipients  TEXT    NOT NULL,
  raw         BLOB    NOT NULL,
  created_at  BIGINT  NOT NULL
);
