package org.parley.group;

import org.parley.account.AccountId;

/** Who changed a group's settings, as its audit log records it. */
public sealed interface ChangedBy {
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
