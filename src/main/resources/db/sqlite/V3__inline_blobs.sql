-- Small blobs in the database (sqlite). Keep in step with db/postgresql/V3__inline_blobs.sql.
-- Raw messages and attachments up to BlobStore.INLINE_MAX bytes are stored here, in the same
-- transaction as the post that needs them; larger ones are files under blobs/. Either way the key
-- is the hex SHA-256 of the bytes, and the bytes are never changed.
CREATE TABLE blobs (
  sha256  TEXT  PRIMARY KEY,
  bytes   BLOB  NOT NULL
);
