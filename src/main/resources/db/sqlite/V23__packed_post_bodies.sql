-- A post's decoded text and HTML, derived from its raw message for the pages and the search index,
-- are kept deflated together in `bodies` (archive/PostBodies); body_text and body_html stay empty
-- for the posts written so. Rows from before keep theirs there, and are read as they are.
ALTER TABLE posts ADD COLUMN bodies BLOB;
