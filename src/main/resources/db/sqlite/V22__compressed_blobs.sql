-- Raw messages kept in the database are stored deflated where that saves space (mail is text:
-- about a third of its size); `encoding` says how a row's bytes are kept: NULL as they are,
-- 'deflate' as zlib's stream of them. The key stays the SHA-256 of the bytes as received.
ALTER TABLE blobs ADD COLUMN encoding TEXT;
