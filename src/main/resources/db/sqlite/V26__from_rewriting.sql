-- DMARC mitigation on members' copies (issue 21, point 3). Keep the sqlite and postgresql twins in
-- step. from_rewrite: when copies carry the group's address in From instead of the author's
-- (when-needed: for authors whose domain publishes p=reject or p=quarantine, or whose policy could
-- not be looked up; always; never). from_style: munge (the From replaced) or wrap (the post attached
-- as message/rfc822). author_in: where a rewritten copy names the author (reply-to or cc).
ALTER TABLE site_groups ADD COLUMN from_rewrite TEXT NOT NULL DEFAULT 'when-needed';
ALTER TABLE site_groups ADD COLUMN from_style TEXT NOT NULL DEFAULT 'munge';
ALTER TABLE site_groups ADD COLUMN author_in TEXT NOT NULL DEFAULT 'reply-to';
