-- Secrets of the site itself (sqlite). Keep in step with the other store's V6__site_keys.sql. One
-- row per purpose, made once by the first node that needs it and then shared by every node and
-- restart: 'form' signs the short-lived cookie that carries a signed-out visitor's form token
-- (SessionStore.formKey), so no session is stored for anyone who has not signed in.
CREATE TABLE site_keys (
  name        TEXT    PRIMARY KEY,
  secret      TEXT    NOT NULL,
  created_at  BIGINT  NOT NULL
);
