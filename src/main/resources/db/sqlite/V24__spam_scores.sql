-- What the site's spam filter in front (the site setting spam_filter: rspamd or spamd) said of a
-- message, kept with its post and with a held message (sqlite; keep in step with
-- db/postgresql/V24__spam_scores.sql): the filter's score, and one line naming the filter, its
-- score of its own threshold, its action and its symbols, for moderators. Both are NULL where no
-- filter looked at the message: a site with none, an import, a post from before.
ALTER TABLE posts ADD COLUMN spam_score REAL;
ALTER TABLE posts ADD COLUMN spam_summary TEXT;
ALTER TABLE held_messages ADD COLUMN spam_score REAL;
ALTER TABLE held_messages ADD COLUMN spam_summary TEXT;
