package org.parley.group;

import org.parley.account.AccountId;

/**
 * Who changed a group's settings, as its audit log records it. Stored in two columns, {@code
 * account_id} and {@code cli_user}, exactly one of them set: {@link #accountId}, {@link #cliUser}
 * and {@link #read} are their one home, for every table that keeps who did something.
 */
public sealed interface ChangedBy {
  /** The account's id for the {@code account_id} column; null for the command line. */
  default Long accountId() {
    return this instanceof SignedIn s ? s.account().value() : null;
  }

  /** The operating-system user for the {@code cli_user} column; null for an account. */
  default String cliUser() {
    return this instanceof CommandLine c ? c.osUser() : null;
  }

  /** Who, read back from a row's {@code account_id} and {@code cli_user} columns. */
  static ChangedBy read(java.sql.ResultSet rs) throws java.sql.SQLException {
    String cliUser = rs.getString("cli_user");
    return cliUser != null
        ? new CommandLine(cliUser)
        : new SignedIn(new AccountId(rs.getLong("account_id")));
  }

  /** A signed-in account, on the web: an owner, a manager or a site admin. */
  record SignedIn(AccountId account) implements ChangedBy {}

  /**
   * The command line ({@code parley group set}), run by the operating-system user {@code osUser}:
   * whoever may run it is the server's operator.
   */
  record CommandLine(String osUser) implements ChangedBy {
    public CommandLine {
      osUser = osUser == null || osUser.isBlank() ? "unknown" : osUser.strip();
    }
  }
}
