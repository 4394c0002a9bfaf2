package org.parley.db;

import java.time.Clock;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;
import org.parley.crypto.Tokens;

/**
 * The site's own secrets, in the table {@code site_keys}: each a named 32 random bytes, made once
 * by the first node that needs it and kept in the store, so every node and every restart shares it.
 * Callers keep the bytes once read: a key never changes.
 */
public final class SiteKeys {
  private SiteKeys() {}

  /** The secret called {@code name}, made now if the store has none yet. */
  public static byte[] named(Jdbi jdbi, Clock clock, String name) {
    String made = Tokens.urlSafe(32);
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO site_keys (name, secret, created_at) VALUES (:name, :s, :now)"
                      + " ON CONFLICT (name) DO NOTHING")
              .bind("name", name)
              .bind("s", made)
              .bind("now", clock.millis())
              .execute();
          return Base64.getUrlDecoder()
              .decode(
                  h.createQuery("SELECT secret FROM site_keys WHERE name = :name")
                      .bind("name", name)
                      .mapTo(String.class)
                      .one());
        });
  }
}
