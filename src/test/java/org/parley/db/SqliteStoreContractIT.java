package org.parley.db;

import java.util.Map;

/** The store contract on the embedded default: SQLite in the data directory. */
class SqliteStoreContractIT extends StoreContract {
  @Override
  Map<String, String> store() {
    return Map.of();
  }
}
