package org.parley.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Accounts in the store. Addresses are unique by their case-folded form. */
public final class AccountStore {
  private static final String COLUMNS =
      "id, email, display_name, password_hash, time_zone, site_admin, created_at";

  private final Jdbi jdbi;
  private final Clock clock;

  public AccountStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Creates an account.
   *
   * @param passwordHash an argon2id hash from {@link Passwords}, or null for none yet
   * @throws IllegalStateException when an account with that address exists
   */
  public Account create(
      EmailAddress email, String displayName, String passwordHash, boolean siteAdmin) {
    return jdbi.inTransaction(h -> create(h, email, displayName, passwordHash, siteAdmin));
  }

  Account create(
      Handle h, EmailAddress email, String displayName, String passwordHash, boolean siteAdmin) {
    if (find(h, email).isPresent()) {
      throw new IllegalStateException("an account for " + email + " already exists");
    }
    long id =
        h.createUpdate(
                "INSERT INTO accounts (email, email_key, display_name, password_hash, site_admin,"
                    + " created_at) VALUES (:email, :key, :name, :hash, :admin, :now)")
            .bind("email", email.value())
            .bind("key", email.key())
            .bind("name", displayName == null ? "" : displayName.trim())
            .bind("hash", passwordHash)
            .bind("admin", siteAdmin)
            .bind("now", clock.millis())
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return findById(h, new AccountId(id)).orElseThrow();
  }

  /** Finds the account for {@code email}, creating one without a password when there is none. */
  public Account ensure(EmailAddress email, String displayName) {
    return jdbi.inTransaction(
        h -> find(h, email).orElseGet(() -> create(h, email, displayName, null, false)));
  }

  public Optional<Account> find(EmailAddress email) {
    return jdbi.withHandle(h -> find(h, email));
  }

  private Optional<Account> find(Handle h, EmailAddress email) {
    return h.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE email_key = :key")
        .bind("key", email.key())
        .map(AccountStore::map)
        .findOne();
  }

  public Optional<Account> findById(AccountId id) {
    return jdbi.withHandle(h -> findById(h, id));
  }

  private Optional<Account> findById(Handle h, AccountId id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = :id")
        .bind("id", id.value())
        .map(AccountStore::map)
        .findOne();
  }

  public void setPassword(AccountId id, String passwordHash) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE accounts SET password_hash = :hash WHERE id = :id")
                .bind("hash", passwordHash)
                .bind("id", id.value())
                .execute());
  }

  public void setProfile(AccountId id, String displayName, ZoneId zone) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE accounts SET display_name = :name, time_zone = :tz WHERE id = :id")
                .bind("name", displayName == null ? "" : displayName.trim())
                .bind("tz", zone.getId())
                .bind("id", id.value())
                .execute());
  }

  /** The site admins, oldest first. */
  public List<Account> siteAdmins() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE site_admin = :t ORDER BY id")
                .bind("t", true)
                .map(AccountStore::map)
                .list());
  }

  public void setSiteAdmin(AccountId id, boolean admin) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE accounts SET site_admin = :admin WHERE id = :id")
                .bind("admin", admin)
                .bind("id", id.value())
                .execute());
  }

  private static Account map(ResultSet rs, StatementContext ctx) throws SQLException {
    ZoneId zone;
    try {
      zone = ZoneId.of(rs.getString("time_zone"));
    } catch (DateTimeException e) {
      zone = ZoneOffset.UTC;
    }
    return new Account(
        new AccountId(rs.getLong("id")),
        new EmailAddress(rs.getString("email")),
        rs.getString("display_name"),
        rs.getString("password_hash"),
        zone,
        rs.getBoolean("site_admin"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
