-- Sender authentication at the door (issue 21; sqlite). Keep in step with
-- db/postgresql/V25__sender_authentication.sql.
--
-- authentication_results: the value of the site's own Authentication-Results field (RFC 8601) for
-- a message that came by SMTP or LMTP: SPF, DKIM and DMARC as the door found them. NULL when
-- nothing was checked (sender_auth off, a post from the web, an import). The raw bytes are never
-- rewritten: this is kept beside them. An approved post keeps what was recorded when it was held.
ALTER TABLE posts ADD COLUMN authentication_results TEXT;
ALTER TABLE held_messages ADD COLUMN authentication_results TEXT;

-- dmarc_failure: what the group does with mail from a member's address that fails DMARC or has no
-- alignment at all: hold (for a moderator), refuse (550 at the door) or accept.
ALTER TABLE site_groups ADD COLUMN dmarc_failure TEXT NOT NULL DEFAULT 'hold';
