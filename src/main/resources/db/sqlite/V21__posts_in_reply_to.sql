-- A post that arrives (or is imported) before the post it answers is adopted when its parent
-- comes: Threader.adoptReplies looks for the topic's posts whose In-Reply-To names the newcomer.
-- Without this index that look-up read every post of the group, once for every post archived.
CREATE INDEX posts_topic_in_reply_to ON posts(topic_id, in_reply_to);
