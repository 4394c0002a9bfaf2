-- A group's moderation setting (issue 18, item 4) (sqlite). Keep in step with
-- db/postgresql/V10__group_moderation.sql.
--
-- moderation: whose posts the group holds for a moderator, one of the words of group.Moderation:
-- none (nothing held, as every group before), new-members, non-members, everyone.
-- moderate_first: with new-members, how many of a member's posts are held until approved.
ALTER TABLE site_groups ADD COLUMN moderation TEXT NOT NULL DEFAULT 'none';
ALTER TABLE site_groups ADD COLUMN moderate_first INTEGER NOT NULL DEFAULT 1;
