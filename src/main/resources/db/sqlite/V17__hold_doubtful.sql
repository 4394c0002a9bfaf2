-- A group's choice to hold, rather than refuse, a post over its size limit or one that looks like a
-- command for the list server (group.Group#holdDoubtful) (sqlite). Keep in step with
-- db/postgresql/V17__hold_doubtful.sql. False keeps every group's answers as they were.
ALTER TABLE site_groups ADD COLUMN hold_doubtful BOOLEAN NOT NULL DEFAULT FALSE;
