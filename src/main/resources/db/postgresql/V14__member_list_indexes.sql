-- The member list (/g/<group>/members) and the cap on direct adds (postgresql). Keep in step with
-- db/sqlite/V14__member_list_indexes.sql.
--
-- Each member's latest post in the group, read for every row of the list.
CREATE INDEX posts_group_account ON posts(group_id, account_id, received_at);
-- The direct adds of the last day (rows of setting 'add-member'), counted against
-- max_direct_adds_per_day before each add.
CREATE INDEX group_audit_action ON group_audit(group_id, setting, at);
