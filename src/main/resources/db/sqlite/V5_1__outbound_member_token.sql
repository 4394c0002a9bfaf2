-- A used unsubscribe link is recognised by the copies that carried it (RFC 8058 clients retry
-- the one-click POST): outbound is looked up by member token, which needs an index. Numbered 5.1
-- so that it goes in beside any V6 being written at the same time.
CREATE INDEX outbound_member_token ON outbound(member_token);
